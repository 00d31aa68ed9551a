package uk.civicid.broker.client;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Checks {@code private_key_jwt} client assertions (RFC 7523 §3) against the app's keys as they are now: the JWK set
 * it registered, or its {@code jwks_uri}. Replaces the framework's factory, which keeps one decoder per client for the
 * life of the node (so a key changed through RFC 7592 or the admin API would be ignored) and knows no inline JWK set.
 * Claims are checked as the framework does ({@code iss}, {@code sub}, {@code aud}, {@code exp}).
 */
public final class ClientAssertionKeys implements JwtDecoderFactory<RegisteredClient> {

    /** The client setting holding a registered app's public JWK set (JSON). */
    static final String JWKS_SETTING = "civicid.jwks";

    /** Asymmetric algorithms only: never HMAC with a public key, never none. */
    private static final Set<SignatureAlgorithm> ALGORITHMS = Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.PS256,
            SignatureAlgorithm.ES256);

    /** Decoders for a jwks_uri keep Nimbus's cache of its keys; keyed by client and URI, so a new URI is used at once. */
    private final Map<String, NimbusJwtDecoder> byJwksUri = new ConcurrentHashMap<>();

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
        decoder.setJwtValidator(JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client));
        return decoder;
    }

    private static JWKSet parse(String jwks) {
        try {
            return JWKSet.parse(jwks);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored JWK set does not parse", e); // checked before it was stored
        }
    }
}
