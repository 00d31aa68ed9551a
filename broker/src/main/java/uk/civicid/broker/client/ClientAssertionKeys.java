package uk.civicid.broker.client;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Checks {@code private_key_jwt} client assertions (RFC 7523 §3) against the app's keys as they are now: the JWK set
 * it registered, or its {@code jwks_uri}. Replaces the framework's factory, which keeps one decoder per client for the
 * life of the node (so a key changed through RFC 7592 or the admin API would be ignored) and knows no inline JWK set.
 * Claims are checked as the framework does ({@code iss}, {@code sub}, {@code aud}, {@code exp}), and then each
 * assertion is accepted once (RFC 7523 §3, RFC 7521 §5.2): it must carry a {@code jti} and expire within
 * {@link #MAX_LIFE}, and its {@code jti} is remembered until it expires, so a captured assertion cannot be replayed.
 */
public final class ClientAssertionKeys implements JwtDecoderFactory<RegisteredClient> {

    /** The client setting holding a registered app's public JWK set (JSON). */
    static final String JWKS_SETTING = "civicid.jwks";

    /** Asymmetric algorithms only: never HMAC with a public key, never none. */
    private static final Set<SignatureAlgorithm> ALGORITHMS = Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.PS256,
            SignatureAlgorithm.ES256);

    /** How far ahead an assertion may expire: the longest its jti must be remembered. */
    static final Duration MAX_LIFE = Duration.ofMinutes(5);

    /** The framework's timestamp check accepts an assertion this long after its exp. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final ClientAssertionIds used;
    private final Clock clock;

    /** Decoders for a jwks_uri keep Nimbus's cache of its keys; keyed by client and URI, so a new URI is used at once. */
    private final Map<String, NimbusJwtDecoder> byJwksUri = new ConcurrentHashMap<>();

    public ClientAssertionKeys(ClientAssertionIds used, Clock clock) {
        this.used = used;
        this.clock = clock;
    }

    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        String jwks = client.getClientSettings().getSetting(JWKS_SETTING);
        String jwksUri = client.getClientSettings().getJwkSetUrl();
        NimbusJwtDecoder decoder;
        if (jwks != null) {
            decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(parse(jwks))).jwsAlgorithms(a -> a.addAll(ALGORITHMS)).build();
        } else if (jwksUri != null) {
            decoder = byJwksUri.computeIfAbsent(client.getClientId() + "\n" + jwksUri,
                    key -> NimbusJwtDecoder.withJwkSetUri(jwksUri).jwsAlgorithms(a -> a.addAll(ALGORITHMS)).build());
        } else {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        OAuth2TokenValidator<Jwt> claims = JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client);
        decoder.setJwtValidator(assertion -> {
            OAuth2TokenValidatorResult checked = claims.validate(assertion);
            return checked.hasErrors() ? checked : onlyOnce(client.getClientId(), assertion); // a refused one uses up no jti
        });
        return decoder;
    }

    private OAuth2TokenValidatorResult onlyOnce(String clientId, Jwt assertion) {
        Instant now = clock.instant();
        if (assertion.getId() == null || assertion.getId().isBlank()) {
            return refused("a client assertion must have a jti");
        }
        if (assertion.getExpiresAt() == null || assertion.getExpiresAt().isAfter(now.plus(MAX_LIFE))) {
            return refused("a client assertion must expire within " + MAX_LIFE.toMinutes() + " minutes");
        }
        Duration remember = Duration.between(now, assertion.getExpiresAt()).plus(CLOCK_SKEW);
        return used.useOnce(clientId, assertion.getId(), remember) ? OAuth2TokenValidatorResult.success()
                : refused("this client assertion was already used");
    }

    private static OAuth2TokenValidatorResult refused(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
    }

    private static JWKSet parse(String jwks) {
        try {
            return JWKSet.parse(jwks);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored JWK set does not parse", e); // checked before it was stored
        }
    }
}
