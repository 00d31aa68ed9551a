package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;

/** The token, userinfo, introspection and revocation endpoints, as a confidential app and a service use them. */
class TokenEndpointTest {

    static FakeUpstream upstream;
    static TestBroker broker;
    static TestApp app;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        upstream.signInAs(FakeUpstream.Persona.of("token-person", "robin@example.org", "Robin Hughes"));
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        Map<String, Object> properties = new HashMap<>(Map.of(
                "civicid.upstreams[0].id", "council",
                "civicid.upstreams[0].display-name.en", "Council staff",
                "civicid.upstreams[0].issuer", upstream.issuer(),
                "civicid.upstreams[0].client-id", "civicid",
                "civicid.upstreams[0].client-secret", "upstream-secret"));
        properties.putAll(TestApp.registration(0, "tax"));
        properties.put("civicid.clients[0].client-secret-hash", "{bcrypt}" + bcrypt.encode("tax-secret"));
        properties.putAll(Map.of(
                "civicid.clients[1].client-id", "nightly-report",
                "civicid.clients[1].name.en", "Nightly report",
                "civicid.clients[1].client-secret-hash", "{bcrypt}" + bcrypt.encode("report-secret"),
                "civicid.clients[1].grant-types[0]", "client_credentials",
                "civicid.clients[1].scopes[0]", "reports.read"));
        broker = TestBroker.start(properties);
        app = new TestApp(broker, "tax", "tax-secret");
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
    }

    @Test
    void accessToken_isAnRfc9068Jwt() throws Exception {
        SignedJWT accessToken = SignedJWT.parse(app.tokens(new Browser(), "council").string("access_token"));
        assertThat(accessToken.getHeader().getType().toString()).isEqualTo("at+jwt");
        JWTClaimsSet claims = accessToken.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(broker.issuer().toString());
        assertThat(claims.getAudience()).contains("tax");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("tax");
        assertThat(claims.getSubject()).isNotBlank();
        assertThat(claims.getIssueTime()).isNotNull();
        assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
        assertThat(claims.getJWTID()).isNotBlank();
    }

    /** RFC 9700 §4.14.2: each refresh returns a new refresh token and the old one stops working. */
    @Test
    void refresh_rotatesTheRefreshToken_andTheOldOneIsRefused() {
        TestBroker.Json first = app.tokens(new Browser(), "council");
        TestBroker.Json refreshed = refresh(first.string("refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.string("refresh_token")).isNotBlank().isNotEqualTo(first.string("refresh_token"));
        assertThat(broker.getWithBearer("/userinfo", refreshed.string("access_token")).status()).isEqualTo(200);

        TestBroker.Json replayed = refresh(first.string("refresh_token"));
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.string("error")).isEqualTo("invalid_grant");
    }

    @Test
    void userinfo_answersForTheAccessToken_butNotForAnIdToken() throws Exception {
        TestBroker.Json tokens = app.tokens(new Browser(), "council");
        TestBroker.Json userInfo = broker.getWithBearer("/userinfo", tokens.string("access_token"));
        assertThat(userInfo.status()).isEqualTo(200);
        assertThat(userInfo.string("sub")).isEqualTo(SignedJWT.parse(tokens.string("id_token")).getJWTClaimsSet().getSubject());
        assertThat(userInfo.string("name")).isEqualTo("Robin Hughes");

        // RFC 9068 §4: an ID token is not an access token, though the broker signed it.
        assertThat(broker.getWithBearer("/userinfo", tokens.string("id_token")).status()).isEqualTo(401);
        assertThat(broker.getWithBearer("/userinfo", "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void introspection_saysActive_untilTheTokenIsRevoked() {
        TestBroker.Json tokens = app.tokens(new Browser(), "council");
        TestBroker.Json live = introspect(tokens.string("access_token"));
        assertThat(live.body()).containsEntry("active", true).containsEntry("client_id", "tax").containsKey("exp");
        assertThat(live.string("sub")).isNotBlank();

        TestBroker.Json revoked = broker.post("/oauth2/revoke", Map.of("token", tokens.string("access_token")), "tax", "tax-secret");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(introspect(tokens.string("access_token")).body()).containsEntry("active", false);
        assertThat(broker.getWithBearer("/userinfo", tokens.string("access_token")).status()).isEqualTo(401);
        assertThat(introspect("garbage").body()).containsEntry("active", false);
    }

    @Test
    void revokedRefreshToken_cannotRefresh() {
        TestBroker.Json tokens = app.tokens(new Browser(), "council");
        broker.post("/oauth2/revoke", Map.of("token", tokens.string("refresh_token"), "token_type_hint", "refresh_token"), "tax", "tax-secret");
        assertThat(refresh(tokens.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
    }

    /** RFC 9700 §4.5 / RFC 6749 §4.1.2: a code used twice is refused, and what it issued the first time is revoked. */
    @Test
    void reusedCode_isRefused_andRevokesWhatItIssued() {
        TestApp.Code code = app.code(new Browser(), "council");
        TestBroker.Json first = app.redeem(code);
        assertThat(first.status()).isEqualTo(200);

        TestBroker.Json second = app.redeem(code);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.string("error")).isEqualTo("invalid_grant");
        assertThat(introspect(first.string("access_token")).body()).containsEntry("active", false);
        assertThat(refresh(first.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
    }

    @Test
    void clientCredentials_issuesAServiceToken_withoutAPerson() throws Exception {
        TestBroker.Json tokens = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "reports.read"),
                "nightly-report", "report-secret");
        assertThat(tokens.status()).isEqualTo(200);
        SignedJWT accessToken = SignedJWT.parse(tokens.string("access_token"));
        assertThat(accessToken.getHeader().getType().toString()).isEqualTo("at+jwt");
        JWTClaimsSet claims = accessToken.getJWTClaimsSet();
        assertThat(claims.getStringClaim("client_id")).isEqualTo("nightly-report");
        assertThat(claims.getSubject()).isEqualTo("nightly-report");
        assertThat(claims.getClaims()).doesNotContainKeys("sid", "auth_time", "acr", "amr");
        assertThat(tokens.body()).doesNotContainKeys("refresh_token", "id_token");
    }

    @Test
    void clientCredentials_forAnAppNotAllowedIt_isRefused() {
        TestBroker.Json tokens = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials"), "tax", "tax-secret");
        assertThat(tokens.status()).isEqualTo(400);
        assertThat(tokens.string("error")).isEqualTo("unauthorized_client");
    }

    @Test
    void wrongOrUnknownClientSecret_isInvalidClient() {
        for (String[] credentials : new String[][] {{"nightly-report", "wrong"}, {"nobody", "secret"}}) {
            TestBroker.Json answer = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials"), credentials[0], credentials[1]);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.string("error")).isEqualTo("invalid_client");
        }
    }

    private static TestBroker.Json refresh(String refreshToken) {
        return broker.post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), "tax", "tax-secret");
    }

    private static TestBroker.Json introspect(String token) {
        return broker.post("/oauth2/introspect", Map.of("token", token), "tax", "tax-secret");
    }
}
