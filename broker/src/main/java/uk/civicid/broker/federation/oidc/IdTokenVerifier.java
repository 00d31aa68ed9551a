package uk.civicid.broker.federation.oidc;

import uk.civicid.broker.config.EntraTenants;
import uk.civicid.broker.config.SignatureAlgorithms;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
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
import java.util.Date;
import java.util.List;
import java.util.Set;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;

/**
 * Validates an upstream ID token completely (OIDC Core §3.1.3.7): signature against the upstream's JWKS
 * with an algorithm allow-list (no {@code none}, no HMAC, so a public key can never be used as an HMAC
 * secret), exact {@code iss}, {@code aud} containing our client id, {@code azp}, {@code exp} and {@code iat}
 * within a small skew, and the {@code nonce} this sign-in sent. For Entra ID's multi-tenant endpoints, whose issuer is a
 * template, {@code iss} must be the template filled with the token's {@code tid} ("Access tokens: validate the issuer",
 * https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer).
 */
final class IdTokenVerifier {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String clientId;
    /** Entra ID's issuer template, or null when iss must be exactly the issuer. */
    private final String issuerTemplate;
    private final Duration skew;
    private final Clock clock;

    IdTokenVerifier(String issuer, String clientId, List<String> algorithms, JWKSource<SecurityContext> keys,
                    Duration skew, Clock clock) {
        this.clientId = clientId;
        this.issuerTemplate = issuer.contains(EntraTenants.PLACEHOLDER) ? issuer : null;
        this.skew = skew;
        this.clock = clock;
        Set<JWSAlgorithm> allowed = SignatureAlgorithms.parse(algorithms);
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(allowed, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(clientId),
                issuerTemplate != null ? new JWTClaimsSet.Builder().build() : new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("iss", "sub", "iat", "exp", "nonce"),
                null) {
            @Override
            public Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) skew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    JWTClaimsSet verify(String idToken, String expectedNonce) {
        try {
            JWT jwt = JWTParser.parse(idToken);
            if (!(jwt instanceof SignedJWT signed)) {
                throw invalid("ID token is not signed", null);
            }
            JWTClaimsSet claims = processor.process(signed, null);
            if (issuerTemplate != null) {
                String tid = claims.getStringClaim("tid");
                if (!EntraTenants.tenantId(tid)) {
                    throw invalid("ID token tid missing or not a tenant ID", null);
                }
                if (!issuerTemplate.replace(EntraTenants.PLACEHOLDER, tid).equals(claims.getIssuer())) {
                    throw invalid("ID token iss is not the issuer of its tenant (tid)", null);
                }
            }
            if (!expectedNonce.equals(claims.getStringClaim("nonce"))) {
                throw invalid("ID token nonce does not match", null);
            }
            if (claims.getIssueTime().toInstant().isAfter(clock.instant().plus(skew))) {
                throw invalid("ID token issued in the future", null);
            }
            String azp = claims.getStringClaim("azp");
            if ((azp != null || claims.getAudience().size() > 1) && !clientId.equals(azp)) {
                throw invalid("ID token azp is not this client", null);
            }
            return claims;
        } catch (JWKSetUnavailableException e) { // the JWKS could not be fetched or parsed: an outage, not an attack
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "upstream JWKS unavailable: " + e.getMessage(), e);
        } catch (ParseException | BadJOSEException | com.nimbusds.jose.JOSEException e) {
            throw invalid("ID token rejected: " + e.getMessage(), e);
        }
    }

    private static UpstreamSignInException invalid(String detail, Exception cause) {
        return new UpstreamSignInException(Reason.INVALID_RESPONSE, detail, cause);
    }
}
