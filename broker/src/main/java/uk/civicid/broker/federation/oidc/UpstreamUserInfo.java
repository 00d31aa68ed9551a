package uk.civicid.broker.federation.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import uk.civicid.broker.config.SignatureAlgorithms;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;

/**
 * An upstream's userinfo endpoint (OIDC Core §5.3): asked with the access token of the code exchange, answered as
 * JSON or as a JWT signed with the upstream's keys. Whatever it answers, its {@code sub} must be the ID token's
 * (§5.3.2: else the claims may be another person's, substituted by an attacker). The protocol claims of the ID token
 * are never taken from here.
 */
final class UpstreamUserInfo {

    /** Claims that describe the token, not the person: only the verified ID token gives these. */
    private static final Set<String> PROTOCOL_CLAIMS = Set.of("iss", "aud", "exp", "iat", "nbf", "jti", "nonce", "azp",
            "auth_time", "acr", "amr", "sid", "at_hash", "c_hash");

    private final URI endpoint;
    private final String issuer;
    private final String clientId;
    private final DefaultJWTProcessor<SecurityContext> signed = new DefaultJWTProcessor<>();

    UpstreamUserInfo(URI endpoint, String issuer, String clientId, List<String> algorithms, JWKSource<SecurityContext> keys) {
        this.endpoint = endpoint;
        this.issuer = issuer;
        this.clientId = clientId;
        signed.setJWSKeySelector(new JWSVerificationKeySelector<>(SignatureAlgorithms.parse(algorithms), keys));
        signed.setJWTClaimsSetVerifier((claims, context) -> { }); // iss and aud are checked below, where present
        // A userinfo JWT's typ is often absent or "JWT"; Nimbus' default verifier accepts exactly those.
    }

    HttpRequest request(String accessToken, Duration timeout) {
        return HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json, application/jwt")
                .GET().build();
    }

    /** The person's claims from the answer, without protocol claims; refuses a failure, a bad signature or another sub. */
    Map<String, Object> claims(HttpResponse<String> response, String idTokenSubject) {
        if (response.statusCode() >= 500) {
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "userinfo answered " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            throw invalid("userinfo answered " + response.statusCode() + " to the access token it issued", null);
        }
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
        Map<String, Object> claims = switch (type) {
            case "application/json" -> json(response.body());
            case "application/jwt" -> verified(response.body());
            default -> throw invalid("userinfo answered with Content-Type '" + type + "'", null);
        };
        if (!idTokenSubject.equals(claims.get("sub"))) {
            throw invalid("userinfo sub is not the ID token's sub (OIDC Core 5.3.2)", null);
        }
        Map<String, Object> person = new LinkedHashMap<>(claims);
        person.keySet().removeAll(PROTOCOL_CLAIMS);
        return person;
    }

    private static Map<String, Object> json(String body) {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw invalid("userinfo is not a JSON object", e);
        }
    }

    /** A signed userinfo response: the upstream's key and algorithms, and if it names them, this issuer and this client (§5.3.2). */
    private Map<String, Object> verified(String body) {
        try {
            JWT jwt = JWTParser.parse(body.trim());
            if (!(jwt instanceof SignedJWT jws)) {
                throw invalid("userinfo JWT is not signed (unsigned and encrypted userinfo are not accepted)", null);
            }
            JWTClaimsSet claims = signed.process(jws, null);
            if (claims.getIssuer() != null && !issuer.equals(claims.getIssuer())) {
                throw invalid("userinfo JWT iss is not the upstream", null);
            }
            if (claims.getAudience() != null && !claims.getAudience().isEmpty() && !claims.getAudience().contains(clientId)) {
                throw invalid("userinfo JWT aud is not this client", null);
            }
            return claims.toJSONObject();
        } catch (JWKSetUnavailableException e) {
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "upstream JWKS unavailable: " + e.getMessage(), e);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw invalid("userinfo JWT rejected: " + e.getMessage(), e);
        }
    }

    private static UpstreamSignInException invalid(String detail, Exception cause) {
        return new UpstreamSignInException(Reason.INVALID_RESPONSE, detail, cause);
    }
}
