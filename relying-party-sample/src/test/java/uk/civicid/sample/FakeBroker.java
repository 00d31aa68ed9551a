package uk.civicid.sample;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Plays the CivicID broker: discovery, keys, and tokens signed with a key made for the test. */
final class FakeBroker implements AutoCloseable {

    static final String CLIENT_ID = "council-tax";
    static final String CLIENT_SECRET = "council-tax-demo-secret";
    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    static final JOSEObjectType LOGOUT_JWT = new JOSEObjectType("logout+jwt");

    final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    final RSAKey key = newKey("broker-key");
    final String issuer;

    FakeBroker() {
        server.start();
        issuer = "http://127.0.0.1:" + server.port();
        server.stubFor(get("/.well-known/openid-configuration").willReturn(okJson(json(Map.of(
                "issuer", issuer,
                "authorization_endpoint", issuer + "/oauth2/authorize",
                "token_endpoint", issuer + "/oauth2/token",
                "jwks_uri", issuer + "/oauth2/jwks",
                "userinfo_endpoint", issuer + "/userinfo",
                "end_session_endpoint", issuer + "/connect/logout",
                "response_types_supported", List.of("code"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic"))))));
        server.stubFor(get("/oauth2/jwks").willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
    }

    static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a valid RFC 9068 access token for the sample app; tests change one thing at a time. */
    JWTClaimsSet.Builder accessTokenClaims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(CLIENT_ID)
                .claim("client_id", CLIENT_ID)
                .claim("scope", List.of("openid", "profile", "email")) // a JSON array, as the broker sends it
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    String sign(JOSEObjectType type, JWTClaimsSet.Builder claims) {
        return sign(key, type, claims);
    }

    static String sign(RSAKey key, JOSEObjectType type, JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Map<String, ?> map) {
        return JSONObjectUtils.toJSONString(map);
    }

    @Override
    public void close() {
        server.stop();
    }
}
