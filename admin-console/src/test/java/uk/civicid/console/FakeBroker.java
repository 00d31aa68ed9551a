package uk.civicid.console;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
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

/**
 * Plays the CivicID broker for the console: discovery, keys, the token endpoint (one stub per sign-in) and, under
 * {@code /admin/api}, the admin API, which each test stubs as it needs.
 */
final class FakeBroker implements AutoCloseable {

    static final String CLIENT_ID = "admin-console";
    static final String CLIENT_SECRET = "console-test-secret";

    final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    final RSAKey key;
    final String issuer;

    FakeBroker() {
        try {
            key = new RSAKeyGenerator(2048).keyID("broker-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
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

    /** The token endpoint's answer to this code: an ID token for the subject and the given (opaque) access token. */
    void willRedeem(String code, String nonce, String subject, String accessToken) {
        Instant now = Instant.now();
        String idToken = sign(new JWTClaimsSet.Builder()
                .issuer(issuer).subject(subject).audience(CLIENT_ID)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", nonce).claim("auth_time", now.getEpochSecond())
                .claim("amr", List.of("hwk", "user")).claim("name", subject));
        server.stubFor(post("/oauth2/token")
                .withBasicAuth(CLIENT_ID, CLIENT_SECRET)
                .withRequestBody(containing("code=" + code))
                .willReturn(okJson(json(Map.of("access_token", accessToken, "token_type", "Bearer", "expires_in", 300,
                        "scope", "openid profile civicid.admin civicid.apps", "id_token", idToken)))));
        server.stubFor(get("/userinfo").withHeader("Authorization", equalTo("Bearer " + accessToken))
                .willReturn(okJson(json(Map.of("sub", subject, "name", subject)))));
    }

    private String sign(JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
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
