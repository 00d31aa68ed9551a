package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.broker.testsupport.TestBroker.Json;

/** The token, userinfo, introspection and revocation endpoints through real HTTP, as a confidential app and a service use them. */
class TokenEndpointTest {

    static FakeUpstream upstream;
    static TestBroker broker;
    static TestApp app;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        upstream.signInAs(FakeUpstream.Persona.of("token-person", "robin@example.org", "Robin Hughes"));
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(
                TestUpstream.of(upstream, "council").named("Council staff")));
        properties.putAll(TestApp.registration(0, "tax"));
        properties.put("civicid.clients[0].client-secret-hash", "{bcrypt}" + bcrypt.encode("tax-secret"));
        properties.putAll(Map.of(
                "civicid.clients[1].client-id", "nightly-report",
                "civicid.clients[1].name.en", "Nightly report",
                "civicid.clients[1].client-secret-hash", "{bcrypt}" + bcrypt.encode("report-secret"),
                "civicid.clients[1].grant-types[0]", "client_credentials",
                "civicid.clients[1].scopes[0]", "reports.read"));
        properties.put("civicid.clients[0].resource-servers[0]", "tax-api");
        properties.putAll(Map.of(
                "civicid.clients[3].client-id", "tax-api",
                "civicid.clients[3].name.en", "Council tax API",
                "civicid.clients[3].client-secret-hash", "{bcrypt}" + bcrypt.encode("tax-api-secret"),
                "civicid.clients[3].grant-types[0]", "client_credentials",
                "civicid.clients[3].scopes[0]", "tax.read"));
        properties.putAll(TestApp.registration(2, "parking"));
        properties.put("civicid.clients[2].client-secret-hash", "{bcrypt}" + bcrypt.encode("parking-secret"));
        properties.put("civicid.clients[2].signing-algorithm", "ES256");
        broker = TestBroker.start(properties);
        app = new TestApp(broker, "tax", "tax-secret");
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
    }

    @Test
    void accessToken_isAnRfc9068Jwt_aboutThePersonInTheIdToken() throws Exception {
        Json tokens = app.tokens(new Browser(), "council");
        SignedJWT accessToken = SignedJWT.parse(tokens.string("access_token"));
        assertThat(accessToken.getHeader().getType().toString()).isEqualTo("at+jwt");
        JWTClaimsSet claims = accessToken.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(broker.issuer().toString());
        assertThat(claims.getAudience()).contains("tax");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("tax");
        assertThat(claims.getSubject()).isEqualTo(subjectOf(tokens));
        assertThat(claims.getIssueTime()).isNotNull();
        assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
        assertThat(claims.getJWTID()).isNotBlank();
    }

    /** RFC 9700 §4.14.2: each refresh returns a new refresh token, and the one it replaces stops working. */
    @Test
    void refresh_rotatesTheRefreshToken_andTheOldOneIsRefused() throws Exception {
        Json first = app.tokens(new Browser(), "council");
        Json refreshed = refresh(first.string("refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.string("refresh_token")).isNotBlank().isNotEqualTo(first.string("refresh_token"));
        assertThat(refreshed.string("access_token")).isNotEqualTo(first.string("access_token"));

        Json userInfo = broker.getWithBearer("/userinfo", refreshed.string("access_token"));
        assertThat(userInfo.status()).isEqualTo(200);
        assertThat(userInfo.string("sub")).isEqualTo(subjectOf(first));

        // The old one is refused (and, being a reuse, revokes the grant: see aReusedRefreshToken_revokesTheWholeGrant).
        Json replayed = refresh(first.string("refresh_token"));
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.string("error")).isEqualTo("invalid_grant");
    }

    @Test
    void tokens_areSignedRs256_unlessTheAppChoseEs256_withAKeyTheJwksPublishes() throws Exception {
        JWKSet published = JWKSet.parse(broker.get("/oauth2/jwks").body());
        Json tax = app.tokens(new Browser(), "council");
        Json parking = new TestApp(broker, "parking", "parking-secret").tokens(new Browser(), "council");
        for (String token : List.of(tax.string("access_token"), tax.string("id_token"))) {
            assertSignedBy(SignedJWT.parse(token), JWSAlgorithm.RS256, published);
        }
        for (String token : List.of(parking.string("access_token"), parking.string("id_token"))) {
            assertSignedBy(SignedJWT.parse(token), JWSAlgorithm.ES256, published);
        }
        assertThat(broker.getWithBearer("/userinfo", parking.string("access_token")).status()).isEqualTo(200);
        assertThat(broker.get("/.well-known/openid-configuration").body().get("id_token_signing_alg_values_supported"))
                .isEqualTo(List.of("RS256", "ES256"));
    }

    private static void assertSignedBy(SignedJWT token, JWSAlgorithm algorithm, JWKSet published) throws Exception {
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(algorithm);
        JWK key = published.getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(token.verify(new DefaultJWSVerifierFactory().createJWSVerifier(token.getHeader(),
                key instanceof ECKey ec ? ec.toPublicKey() : key.toRSAKey().toPublicKey()))).isTrue();
    }

    @Test
    void userinfo_answersWithTheIdTokensSubject_andTheNameFromTheUpstream() throws Exception {
        Json tokens = app.tokens(new Browser(), "council");
        Json userInfo = broker.getWithBearer("/userinfo", tokens.string("access_token"));
        assertThat(userInfo.status()).isEqualTo(200);
        assertThat(userInfo.string("sub")).isEqualTo(subjectOf(tokens));
        assertThat(userInfo.string("name")).isEqualTo("Robin Hughes");
    }

    /**
     * RFC 9068 §4 and RFC 8725 §3.11: an ID token is signed by the same key as an access token but is not one.
     * The bearer token check itself refuses it (its RFC 6750 §3.1 challenge), not only the lookup that follows.
     */
    @Test
    void userinfo_refusesAnIdToken_presentedAsAnAccessToken() {
        Json tokens = app.tokens(new Browser(), "council");
        assertRefusedAsBearerToken(broker.getWithBearer("/userinfo", tokens.string("id_token")));
    }

    /** RFC 9068 §4: the signature must be the broker's own, whatever the header and claims say. */
    @Test
    void userinfo_refusesATokenSignedByAnotherKey() throws Exception {
        SignedJWT real = SignedJWT.parse(app.tokens(new Browser(), "council").string("access_token"));
        SignedJWT forged = new SignedJWT(real.getHeader(), real.getJWTClaimsSet());
        forged.sign(new RSASSASigner(new RSAKeyGenerator(2048).keyID(real.getHeader().getKeyID()).generate()));
        assertRefusedAsBearerToken(broker.getWithBearer("/userinfo", forged.serialize()));
    }

    /** RFC 7662 §2.2. */
    @Test
    void introspection_describesALiveAccessToken() throws Exception {
        Json tokens = app.tokens(new Browser(), "council");
        Json live = introspect(tokens.string("access_token"));
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).containsEntry("active", true).containsEntry("client_id", "tax");
        assertThat(live.string("sub")).isEqualTo(subjectOf(tokens));
        assertThat(live.string("scope").split(" ")).containsExactlyInAnyOrder("openid", "profile");
        assertThat(((Number) live.body().get("exp")).longValue()).isGreaterThan(Instant.now().getEpochSecond());
    }

    /** RFC 7009 §2.1, RFC 7662 §2.2. */
    @Test
    void introspection_saysInactive_onceTheAccessTokenIsRevoked() {
        String accessToken = app.tokens(new Browser(), "council").string("access_token");
        assertThat(broker.post("/oauth2/revoke", Map.of("token", accessToken, "token_type_hint", "access_token"), "tax", "tax-secret")
                .status()).isEqualTo(200);
        assertThat(introspect(accessToken).body()).containsOnly(Map.entry("active", false));
        assertThat(broker.getWithBearer("/userinfo", accessToken).status()).isEqualTo(401);
    }

    /**
     * RFC 7662 §4: another app's live tokens, access and refresh, are inactive to an app, exactly as garbage is, so it
     * cannot read the person's subject (a pairwise app's included), scopes or acr; the token's own app still sees them.
     */
    @Test
    void introspection_ofAnotherAppsTokens_saysInactive_andTellsNothing() {
        Json tokens = app.tokens(new Browser(), "council");

        for (String token : List.of(tokens.string("access_token"), tokens.string("refresh_token"))) {
            assertThat(broker.post("/oauth2/introspect", Map.of("token", token), "parking", "parking-secret").body())
                    .containsOnly(Map.entry("active", false));
            assertThat(broker.post("/oauth2/introspect", Map.of("token", token), "nightly-report", "report-secret").body())
                    .containsOnly(Map.entry("active", false));
            assertThat(introspect(token).body()).containsEntry("active", true).containsEntry("client_id", "tax");
        }
    }

    /**
     * An app's resource servers (the APIs it calls) are in its access tokens' aud, so each may introspect them and learn
     * who the person is; its refresh tokens stay the app's own.
     */
    @Test
    void anAppsResourceServer_isInItsAccessTokensAudience_andMayIntrospectThem_butNotItsRefreshTokens() throws Exception {
        Json tokens = app.tokens(new Browser(), "council");
        assertThat(SignedJWT.parse(tokens.string("access_token")).getJWTClaimsSet().getAudience()).containsExactly("tax", "tax-api");

        Json described = broker.post("/oauth2/introspect", Map.of("token", tokens.string("access_token")), "tax-api", "tax-api-secret");
        assertThat(described.body()).containsEntry("active", true).containsEntry("client_id", "tax");
        assertThat(described.string("sub")).isEqualTo(subjectOf(tokens));
        assertThat(broker.post("/oauth2/introspect", Map.of("token", tokens.string("refresh_token")), "tax-api", "tax-api-secret").body())
                .containsOnly(Map.entry("active", false));
    }

    /** RFC 7009 §2.1: only the app a token was issued to may revoke it; another app's attempt is refused and revokes nothing. */
    @Test
    void revocation_ofAnotherAppsToken_isRefused_andTheTokenLives() {
        Json tokens = app.tokens(new Browser(), "council");

        Json refused = broker.post("/oauth2/revoke", Map.of("token", tokens.string("refresh_token"), "token_type_hint", "refresh_token"),
                "parking", "parking-secret");

        assertThat(refused.status()).isEqualTo(400); // RFC 7009 §2.2.1: an RFC 6749 §5.2 error response
        assertThat(refused.string("error")).isEqualTo("invalid_client");
        assertThat(introspect(tokens.string("access_token")).body()).containsEntry("active", true);
        assertThat(refresh(tokens.string("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void introspection_saysInactive_forGarbage() {
        Json answer = introspect("garbage");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).containsOnly(Map.entry("active", false));
    }

    /** RFC 7009 §2.1: revoking a refresh token ends its grant, the access token issued with it included. */
    @Test
    void revokedRefreshToken_cannotRefresh() {
        Json tokens = app.tokens(new Browser(), "council");
        Json revoked = broker.post("/oauth2/revoke", Map.of("token", tokens.string("refresh_token"), "token_type_hint", "refresh_token"),
                "tax", "tax-secret");
        assertThat(revoked.status()).isEqualTo(200);

        Json refreshed = refresh(tokens.string("refresh_token"));
        assertThat(refreshed.status()).isEqualTo(400);
        assertThat(refreshed.string("error")).isEqualTo("invalid_grant");
        assertThat(introspect(tokens.string("access_token")).body()).containsEntry("active", false);
    }

    /** RFC 9700 §4.2.4 (RFC 6749 §4.1.2): a code redeemed twice is refused, and what it issued the first time is revoked. */
    @Test
    void reusedCode_isRefused_andRevokesWhatItIssued() {
        TestApp.Code code = app.code(new Browser(), "council");
        Json first = app.redeem(code);
        assertThat(first.status()).isEqualTo(200);
        assertThat(introspect(first.string("access_token")).body()).containsEntry("active", true);

        Json second = app.redeem(code);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.string("error")).isEqualTo("invalid_grant");
        assertThat(introspect(first.string("access_token")).body()).containsEntry("active", false);
        assertThat(refresh(first.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
    }

    /** RFC 6749 §4.4: the service itself is the subject; no person, so no person's claims and no refresh or ID token. */
    @Test
    void clientCredentials_issuesAServiceToken_withoutAPerson() throws Exception {
        Json tokens = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "reports.read"),
                "nightly-report", "report-secret");
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.body()).doesNotContainKeys("refresh_token", "id_token");
        SignedJWT accessToken = SignedJWT.parse(tokens.string("access_token"));
        assertThat(accessToken.getHeader().getType().toString()).isEqualTo("at+jwt");
        JWTClaimsSet claims = accessToken.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(broker.issuer().toString());
        assertThat(claims.getStringClaim("client_id")).isEqualTo("nightly-report");
        assertThat(claims.getSubject()).isEqualTo("nightly-report");
        assertThat(claims.getClaims()).doesNotContainKeys("sid", "auth_time", "acr", "amr");
    }

    /** RFC 7662 §2.2, RFC 7009 §2.1: a service's own token is described as issued until the service revokes it. */
    @Test
    void aServiceToken_isDescribedByIntrospection_untilRevoked() throws Exception {
        Map<String, String> grant = Map.of("grant_type", "client_credentials", "scope", "reports.read");
        String accessToken = broker.post("/oauth2/token", grant, "nightly-report", "report-secret").string("access_token");
        String another = broker.post("/oauth2/token", grant, "nightly-report", "report-secret").string("access_token");
        Json live = broker.post("/oauth2/introspect", Map.of("token", accessToken), "nightly-report", "report-secret");
        assertThat(live.body()).containsEntry("active", true).containsEntry("client_id", "nightly-report")
                .containsEntry("sub", "nightly-report").containsEntry("scope", "reports.read").containsEntry("token_type", "Bearer")
                .containsEntry("iss", broker.issuer().toString())
                .containsEntry("jti", SignedJWT.parse(accessToken).getJWTClaimsSet().getJWTID());
        assertThat(((Number) live.body().get("exp")).longValue()).isGreaterThan(Instant.now().getEpochSecond());

        // The same claims under another signature were never issued.
        String forged = accessToken.substring(0, accessToken.lastIndexOf('.') + 1) + "A".repeat(342);
        assertThat(broker.post("/oauth2/introspect", Map.of("token", forged), "nightly-report", "report-secret").body())
                .containsOnly(Map.entry("active", false));

        assertThat(broker.post("/oauth2/revoke", Map.of("token", accessToken, "token_type_hint", "access_token"),
                "nightly-report", "report-secret").status()).isEqualTo(200);
        assertThat(broker.post("/oauth2/introspect", Map.of("token", accessToken), "nightly-report", "report-secret").body())
                .containsOnly(Map.entry("active", false));
        assertThat(broker.post("/oauth2/introspect", Map.of("token", another), "nightly-report", "report-secret").body())
                .containsEntry("active", true);
    }

    @Test
    void clientCredentials_forAnAppNotAllowedIt_isUnauthorizedClient() {
        Json tokens = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials"), "tax", "tax-secret");
        assertThat(tokens.status()).isEqualTo(400);
        assertThat(tokens.string("error")).isEqualTo("unauthorized_client");
    }

    /** RFC 6749 §5.2. */
    @Test
    void wrongClientSecret_isInvalidClient() {
        assertInvalidClient(broker.post("/oauth2/token", Map.of("grant_type", "client_credentials"), "nightly-report", "wrong"));
    }

    /**
     * A request to an endpoint that authenticates apps, without any client authentication, is an OAuth error whatever
     * the Accept header (RFC 6749 §5.2), never a redirect to the person's sign-in page.
     */
    @ParameterizedTest
    @ValueSource(strings = {"text/html", "*/*", "application/json"})
    void aRequestWithoutClientAuthentication_isInvalidClientJson_whateverItAccepts(String accept) {
        for (String endpoint : List.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke")) {
            Json answer = broker.post(endpoint, Map.of("grant_type", "client_credentials", "token", "x"), Map.of("Accept", accept));
            assertThat(answer.headers().firstValue("Location")).as(endpoint).isEmpty();
            assertInvalidClient(answer);
        }
    }

    /**
     * DPoP is not supported, so a proof is ignored, as RFC 9449 §5 has a server without DPoP do: the app gets a bearer
     * token, which it can tell by token_type (and discovery advertises no DPoP).
     */
    @Test
    void aDpopProof_isIgnored_andTheTokenIsABearerToken() {
        Map<String, String> basic = Map.of("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("nightly-report:report-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "DPoP", "eyJ0eXAiOiJkcG9wK2p3dCJ9.e30.c2ln");

        Json answer = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials"), basic);

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        assertThat(answer.string("token_type")).isEqualTo("Bearer");
    }

    /**
     * RFC 6749 §2.3: one client authentication method per request. HTTP Basic as one app with another app's client_id in
     * the form, or with a client_secret in the form as well, is refused before either is tried.
     */
    @Test
    void basicAsOneApp_withAnotherAppsClientId_orASecondMethod_isInvalidRequest() {
        Json otherId = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials", "client_id", "parking"),
                "nightly-report", "report-secret");
        Json twoMethods = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials", "client_id", "nightly-report",
                "client_secret", "report-secret"), "nightly-report", "report-secret");
        Json sameId = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials", "client_id", "nightly-report"),
                "nightly-report", "report-secret");

        assertThat(otherId.status()).isEqualTo(400);
        assertThat(otherId.string("error")).isEqualTo("invalid_request");
        assertThat(otherId.string("error_description")).isEqualTo("client_id is not the client authenticated by HTTP Basic");
        assertThat(twoMethods.status()).isEqualTo(400);
        assertThat(twoMethods.string("error_description")).isEqualTo("one client authentication method per request (RFC 6749 section 2.3)");
        assertThat(sameId.status()).as("the same client_id as Basic's is fine").isEqualTo(200);
    }

    /**
     * An app with a secret runs on a server with a fixed address: its loopback redirect URI on another port is refused
     * without a redirect (any port is for native, public apps: RFC 8252 §7.3, §8.4).
     */
    @Test
    void aConfidentialApp_withItsLoopbackRedirectUriOnAnotherPort_isRefusedWithoutARedirect() {
        String otherPort = TestApp.REDIRECT_URI.replace(":9/", ":49152/");
        URI request = UriComponentsBuilder.fromUri(broker.uri("/oauth2/authorize")).queryParam("response_type", "code")
                .queryParam("client_id", "tax").queryParam("redirect_uri", otherPort).queryParam("scope", "openid")
                .queryParam("state", "s").queryParam("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
                .queryParam("code_challenge_method", "S256").encode().build().toUri();

        Browser.Page refused = new Browser().get(request);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.location()).isNull();
    }

    @Test
    void unknownClient_isInvalidClient() {
        assertInvalidClient(broker.post("/oauth2/token", Map.of("grant_type", "client_credentials"), "nobody", "report-secret"));
    }

    /** RFC 9700 §4.14.2: a rotated refresh token presented again means the grant leaked: all of it is revoked. */
    @Test
    void aReusedRefreshToken_revokesTheWholeGrant() {
        TestBroker.Json first = app.tokens(new Browser(), "council");
        TestBroker.Json second = refresh(first.string("refresh_token"));
        assertThat(second.status()).isEqualTo(200);

        assertThat(refresh(first.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
        assertThat(refresh(second.string("refresh_token")).string("error")).as("the newest refresh token too").isEqualTo("invalid_grant");
        assertThat(introspect(second.string("access_token")).body()).containsEntry("active", false);
    }

    /** RFC 9700 §4.14.2: requests racing with one refresh token (a stolen copy used at the same moment): only one wins. */
    @Test
    void racingRefreshes_withOneRefreshToken_onlyOneGetsTokens() throws Exception {
        String refreshToken = app.tokens(new Browser(), "council").string("refresh_token");
        assertThat(race(() -> refresh(refreshToken).status())).containsOnlyOnce(200);
    }

    /** RFC 6749 §4.1.2: requests racing with one authorization code: only one gets tokens. */
    @Test
    void racingRedemptions_ofOneCode_onlyOneGetsTokens() throws Exception {
        TestApp.Code code = app.code(new Browser(), "council");
        assertThat(race(() -> app.redeem(code).status())).containsOnlyOnce(200);
    }

    /** Runs the same request from several threads released together; returns each one's HTTP status. */
    private static List<Integer> race(Callable<Integer> request) throws Exception {
        int racers = 6;
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            return statuses;
        } finally {
            threads.shutdown();
        }
    }

    private static void assertRefusedAsBearerToken(Json answer) {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
    }

    private static void assertInvalidClient(Json answer) {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.string("error")).isEqualTo("invalid_client");
    }

    private static String subjectOf(Json tokens) throws Exception {
        return SignedJWT.parse(tokens.string("id_token")).getJWTClaimsSet().getSubject();
    }

    private static Json refresh(String refreshToken) {
        return broker.post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), "tax", "tax-secret");
    }

    private static Json introspect(String token) {
        return broker.post("/oauth2/introspect", Map.of("token", token), "tax", "tax-secret");
    }
}
