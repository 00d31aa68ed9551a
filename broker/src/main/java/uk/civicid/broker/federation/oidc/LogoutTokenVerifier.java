package uk.civicid.broker.federation.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.civicid.broker.config.SignatureAlgorithms;
import uk.civicid.broker.federation.LogoutTokenRefused;
import uk.civicid.broker.federation.UpstreamLogout;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;

/**
 * Validates an upstream's logout token as OpenID Connect Back-Channel Logout 1.0 §2.6 says: signed (never {@code none},
 * never HMAC) by the upstream's keys with one of its algorithms, typed {@code logout+jwt} or as a plain JWT, exact
 * {@code iss}, {@code aud} containing our client id, {@code iat} within the skew, {@code exp} when present, a
 * {@code jti}, the back-channel logout member in {@code events}, no {@code nonce} (so an ID token is never taken for
 * one), and {@code sub} or {@code sid}.
 */
final class LogoutTokenVerifier {

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** A token without exp is accepted only this long after its iat (§4 asks OPs for at most two minutes). */
    static final Duration MAX_AGE_WITHOUT_EXP = Duration.ofMinutes(2);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Duration skew;
    private final Clock clock;

    LogoutTokenVerifier(String issuer, String clientId, List<String> algorithms, JWKSource<SecurityContext> keys, Duration skew,
                        Clock clock) {
        this.skew = skew;
        this.clock = clock;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("logout+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(SignatureAlgorithms.parse(algorithms), keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(clientId),
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("iat", "jti", "events"), Set.of("nonce")) {
            @Override
            public Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) skew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    UpstreamLogout verify(String logoutToken) {
        JWTClaimsSet claims;
        try {
            JWT jwt = JWTParser.parse(logoutToken);
            if (!(jwt instanceof SignedJWT signed)) {
                throw new LogoutTokenRefused("logout token is not signed");
            }
            claims = processor.process(signed, null);
        } catch (JWKSetUnavailableException e) { // an outage at the upstream, not a bad token
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "upstream JWKS unavailable: " + e.getMessage(), e);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new LogoutTokenRefused("logout token rejected: " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        Instant issued = claims.getIssueTime().toInstant();
        if (issued.isAfter(now.plus(skew))) {
            throw new LogoutTokenRefused("logout token issued in the future");
        }
        Instant until = claims.getExpirationTime() != null ? claims.getExpirationTime().toInstant() : issued.plus(MAX_AGE_WITHOUT_EXP);
        if (until.plus(skew).isBefore(now)) {
            throw new LogoutTokenRefused("logout token too old (no exp, issued over " + MAX_AGE_WITHOUT_EXP.toMinutes() + " minutes ago)");
        }
        Object events = claims.getClaim("events");
        if (!(events instanceof Map<?, ?> members) || !(members.get(EVENT) instanceof Map)) {
            throw new LogoutTokenRefused("logout token events has no " + EVENT + " member (a JSON object)");
        }
        String sid = string(claims, "sid");
        if (claims.getSubject() == null && sid == null) {
            throw new LogoutTokenRefused("logout token has neither sub nor sid");
        }
        return new UpstreamLogout(claims.getSubject(), sid, claims.getJWTID(), until.plus(skew));
    }

    private static String string(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new LogoutTokenRefused("logout token " + name + " is not a string");
        }
    }
}
