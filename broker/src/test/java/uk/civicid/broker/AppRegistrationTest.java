package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.client.InitialAccessTokenRepository;
import uk.civicid.broker.testsupport.AdminSession;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.broker.testsupport.TestBroker.Json;

/**
 * App registration through real HTTP: RFC 7591 with an administrator's initial access token, RFC 7592 with the
 * registration access token, and the admin API's apps, as administrators and app teams use them; every refusal
 * on its own, and every change in effect on the very next request.
 */
class AppRegistrationTest {

    static FakeUpstream council;
    static FakeUpstream citizens;
    static TestBroker broker;
    static AdminSession.Person admin;
    static AdminSession.Person teamA;
    static AdminSession.Person teamB;
    static AdminSession.Person outsider;
    static AdminSession staff;

    @BeforeAll
    static void start() {
        council = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        citizens = FakeUpstream.start("civicid-citizens", "citizens-secret", FakeUpstream.KeyType.RS256);
        int port = TestBroker.freePort();
        String brokerUrl = "http://localhost:" + port;
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(
                TestUpstream.of(council, "council").named("Council staff"), TestUpstream.of(citizens, "citizens").named("Citizens")));
        properties.put("civicid.issuer", brokerUrl);
        properties.putAll(AdminSession.console(0));
        properties.putAll(AdminSession.administrators("council", "admin-1"));
        properties.putAll(AdminSession.appTeamUpstream("council"));
        // An app given the admin scopes in configuration but no passkey requirement: its tokens lack amr hwk.
        properties.putAll(Map.of(
                "civicid.clients[1].client-id", "no-passkey-console",
                "civicid.clients[1].name.en", "No passkey",
                "civicid.clients[1].client-secret-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("no-passkey-secret"),
                "civicid.clients[1].redirect-uris[0]", TestApp.REDIRECT_URI,
                "civicid.clients[1].scopes[0]", "openid",
                "civicid.clients[1].scopes[1]", "civicid.admin",
                "civicid.clients[1].scopes[2]", "civicid.apps"));
        broker = TestBroker.start(port, properties);
        staff = AdminSession.start(broker, brokerUrl, council, "council",
                FakeUpstream.Persona.of("admin-1", "admin@council.example", "Ada Admin"),
                FakeUpstream.Persona.of("team-a", "a@council.example", "Team A"),
                FakeUpstream.Persona.of("team-b", "b@council.example", "Team B"));
        AdminSession people = AdminSession.start(broker, brokerUrl, citizens, "citizens",
                FakeUpstream.Persona.of("citizen-1", "citizen@example.org", "Cit Izen"));
        admin = staff.signIn("admin-1");
        teamA = staff.signIn("team-a");
        teamB = staff.signIn("team-b");
        outsider = people.signIn("citizen-1");
        council.signInAs(FakeUpstream.Persona.of("app-user", "user@council.example", "App User"));
    }

    @AfterAll
    static void stop() {
        broker.close();
        council.close();
        citizens.close();
    }

    // --- RFC 7591 ---

    @Test
    void discovery_publishesTheRegistrationEndpoint() {
        Json discovery = broker.send("GET", "/.well-known/openid-configuration", null, null);
        assertThat(discovery.string("registration_endpoint")).isEqualTo(broker.bean(org.springframework.security.oauth2.server
                .authorization.settings.AuthorizationServerSettings.class).getIssuer() + "/connect/register");
    }

    @Test
    void registration_withAnInitialAccessToken_givesASecretThatGetsTokens_once() {
        String initialAccessToken = initialAccessToken();
        Json registered = register(initialAccessToken, Map.of("client_name", "Nightly report", "grant_types", List.of("client_credentials"),
                "scope", "reports.read"));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.header("Cache-Control")).contains("no-store");
        String clientId = registered.string("client_id");
        String secret = registered.string("client_secret");
        assertThat(java.util.Base64.getUrlDecoder().decode(secret)).hasSize(32); // 256 bits
        assertThat(registered.body()).containsEntry("client_secret_expires_at", 0L)
                .containsEntry("token_endpoint_auth_method", "client_secret_basic")
                .containsEntry("registration_client_uri", registered.string("registration_client_uri"))
                .containsKey("client_id_issued_at");
        assertThat(registered.string("registration_client_uri")).endsWith("/connect/register/" + clientId);
        assertThat(registered.string("registration_access_token")).isNotBlank();

        Json token = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "reports.read"), clientId, secret);
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.string("access_token")).isNotBlank();

        // The initial access token registers one app only.
        assertThat(register(initialAccessToken, Map.of("client_name", "Again", "grant_types", List.of("client_credentials"))).status())
                .isEqualTo(401);
        // The secret is kept as a hash only, and audited nowhere.
        assertThat(broker.bean(AuditLog.class).recent(200)).noneMatch(e -> e.details().toString().contains(secret));
        AuditEvent event = lastEvent(AuditEventType.APP_REGISTERED, clientId);
        assertThat(event.accountId()).isEqualTo(admin.accountId());
    }

    @Test
    void registration_withoutAValidInitialAccessToken_isRefused() throws Exception {
        Map<String, Object> metadata = Map.of("client_name", "App", "grant_types", List.of("client_credentials"));
        for (String token : new String[] {null, "not-a-token", teamA.accessToken()}) {
            Json refused = register(token, metadata);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.string("error")).isEqualTo("invalid_token");
            assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
        }
        String expiring = "expiring-" + UUID.randomUUID();
        broker.bean(InitialAccessTokenRepository.class).save(expiring, admin.accountId(), Duration.ofSeconds(1));
        Thread.sleep(1300);
        assertThat(register(expiring, metadata).status()).isEqualTo(401);
    }

    /** RFC 7591 §3.2.2: each bad field gets its error code and a description that names it; nothing is registered. */
    @Test
    void eachInvalidMetadata_getsItsRfc7591Error_namingTheField() throws Exception {
        String token = initialAccessToken();
        Map<String, Object> jwks = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k").generate()).toJSONObject(false); // private
        Map<String, Object> secretKey = new JWKSet(new OctetSequenceKeyGenerator(256).generate()).toJSONObject(false);
        Object[][] cases = {
                {Map.of("redirect_uris", List.of("http://tax.council.example/cb")), "invalid_redirect_uri", "redirect_uris[0]"},
                {Map.of("redirect_uris", List.of("http://localhost:8080/cb")), "invalid_redirect_uri", "redirect_uris[0]"},
                {Map.of("redirect_uris", List.of("https://tax.council.example/cb#frag")), "invalid_redirect_uri", "fragment"},
                {Map.of("redirect_uris", List.of("https://*.council.example/cb")), "invalid_redirect_uri", "wildcard"},
                {Map.of("redirect_uris", List.of("https://user:pw@tax.council.example/cb")), "invalid_redirect_uri", "password"},
                {Map.of("redirect_uris", List.of("/relative")), "invalid_redirect_uri", "absolute"},
                {Map.of("redirect_uris", List.of()), "invalid_redirect_uri", "redirect_uris"},
                {Map.of("post_logout_redirect_uris", List.of("http://tax.council.example/")), "invalid_client_metadata", "post_logout_redirect_uris[0]"},
                {Map.of("backchannel_logout_uri", "http://tax.council.example/bcl"), "invalid_client_metadata", "backchannel_logout_uri"},
                {Map.of("grant_types", List.of("password")), "invalid_client_metadata", "grant_types[0]"},
                {Map.of("grant_types", List.of("implicit")), "invalid_client_metadata", "grant_types[0]"},
                {Map.of("response_types", List.of("token")), "invalid_client_metadata", "response_types"},
                {Map.of("grant_types", List.of("refresh_token")), "invalid_client_metadata", "grant_types"},
                {Map.of("token_endpoint_auth_method", "client_secret_jwt"), "invalid_client_metadata", "token_endpoint_auth_method"},
                {Map.of("token_endpoint_auth_method", "none", "grant_types", List.of("client_credentials")), "invalid_client_metadata", "public client"},
                {Map.of("token_endpoint_auth_method", "private_key_jwt"), "invalid_client_metadata", "jwks"},
                {Map.of("token_endpoint_auth_method", "private_key_jwt", "jwks", jwks), "invalid_client_metadata", "public keys only"},
                {Map.of("token_endpoint_auth_method", "private_key_jwt", "jwks", secretKey), "invalid_client_metadata", "asymmetric"},
                {Map.of("token_endpoint_auth_method", "private_key_jwt", "jwks_uri", "http://keys.council.example/jwks"), "invalid_client_metadata", "jwks_uri"},
                {Map.of("jwks_uri", "https://keys.council.example/jwks"), "invalid_client_metadata", "only used with private_key_jwt"},
                {Map.of("subject_type", "pairwise"), "invalid_client_metadata", "civicid.pairwise-secret"},
                {Map.of("subject_type", "secret"), "invalid_client_metadata", "subject_type"},
                {Map.of("sector", "tax"), "invalid_client_metadata", "sector"},
                {Map.of("upstreams", List.of("nowhere")), "invalid_client_metadata", "upstreams[0]"},
                {Map.of("client_name", "x".repeat(101)), "invalid_client_metadata", "client_name"},
                {Map.of("client_name", 42), "invalid_client_metadata", "client_name"},
                {Map.of("require_passkey", "yes"), "invalid_client_metadata", "require_passkey"},
        };
        int before = apps(admin).size();
        for (Object[] c : cases) {
            Map<String, Object> metadata = new HashMap<>(Map.of("client_name", "Council Tax", "redirect_uris", List.of(TestApp.REDIRECT_URI)));
            @SuppressWarnings("unchecked")
            Map<String, Object> bad = (Map<String, Object>) c[0];
            metadata.putAll(bad);
            Json refused = register(token, metadata);
            assertThat(refused.status()).as("%s", bad).isEqualTo(400);
            assertThat(refused.string("error")).as("%s", bad).isEqualTo(c[1]);
            assertThat(refused.string("error_description")).as("%s", bad).contains((String) c[2]);
        }
        Json notJson = broker.send("POST", "/connect/register", token, "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.string("error")).isEqualTo("invalid_client_metadata");
        assertThat(apps(admin)).hasSize(before);
        // The token was not used up by the refusals.
        assertThat(register(token, Map.of("client_name", "Fine", "redirect_uris", List.of("http://[::1]:8080/cb"),
                "token_endpoint_auth_method", "none")).status()).isEqualTo(201);
    }

    /** A registered app must never be able to ask a person for admin rights: not at registration, update, or authorize. */
    @Test
    void adminScopes_canNeverBeRegistered_norAskedForByARegisteredApp() {
        for (String scope : List.of("openid civicid.admin", "civicid.apps")) {
            Json refused = register(initialAccessToken(), Map.of("client_name", "Sneaky", "redirect_uris", List.of(TestApp.REDIRECT_URI),
                    "scope", scope));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.string("error")).isEqualTo("invalid_client_metadata");
            assertThat(refused.string("error_description")).contains("scope").contains("reserved");
        }
        Json registered = register(initialAccessToken(), Map.of("client_name", "Sneaky", "redirect_uris", List.of(TestApp.REDIRECT_URI)));
        String clientId = registered.string("client_id");
        Map<String, Object> update = new HashMap<>(withoutServerFields(registered.body()));
        update.put("client_id", clientId);
        update.put("scope", "openid civicid.admin");
        Json refusedUpdate = broker.send("PUT", "/connect/register/" + clientId, registered.string("registration_access_token"), json(update));
        assertThat(refusedUpdate.status()).isEqualTo(400);
        assertThat(refusedUpdate.string("error")).isEqualTo("invalid_client_metadata");
        Json viaAdmin = broker.send("POST", "/admin/api/apps", teamA.accessToken(), json(Map.of("client_name", "Sneaky",
                "redirect_uris", List.of(TestApp.REDIRECT_URI), "scope", "civicid.admin")));
        assertThat(viaAdmin.status()).isEqualTo(400);
        assertThat(viaAdmin.body().get("fields").toString()).contains("scope");

        // Asking for it at the authorization endpoint anyway: invalid_scope, sent back to the app, no code.
        Browser.Page answer = new Browser().get(UriComponentsBuilder.fromUri(broker.uri("/oauth2/authorize"))
                .queryParam("response_type", "code").queryParam("client_id", clientId).queryParam("redirect_uri", TestApp.REDIRECT_URI)
                .queryParam("scope", "openid civicid.admin").queryParam("state", "s")
                .queryParam("code_challenge", TestBroker.s256("v".repeat(50))).queryParam("code_challenge_method", "S256")
                .encode().build().toUri());
        assertThat(answer.location()).startsWith(TestApp.REDIRECT_URI).contains("error=invalid_scope").doesNotContain("code=");
    }

    /** RFC 7523 §3: an app registered with its public keys authenticates with a signed assertion, with the keys it has now. */
    @Test
    void aPrivateKeyJwtApp_authenticatesWithItsRegisteredKey_andAChangedKeyIsUsedAtOnce() throws Exception {
        ECKey first = new ECKeyGenerator(Curve.P_256).keyID("first").generate();
        ECKey second = new ECKeyGenerator(Curve.P_256).keyID("second").generate();
        Json registered = register(initialAccessToken(), Map.of("client_name", "Signed", "grant_types", List.of("client_credentials"),
                "token_endpoint_auth_method", "private_key_jwt", "jwks", new JWKSet(first).toJSONObject(true)));
        assertThat(registered.status()).isEqualTo(201);
        String clientId = registered.string("client_id");
        assertThat(registered.body()).doesNotContainKey("client_secret");
        assertThat(assertionTokenRequest(clientId, first).status()).isEqualTo(200);
        assertThat(assertionTokenRequest(clientId, second).string("error")).isEqualTo("invalid_client");

        Map<String, Object> update = new HashMap<>(withoutServerFields(registered.body()));
        update.put("client_id", clientId);
        update.put("jwks", new JWKSet(second).toJSONObject(true));
        assertThat(broker.send("PUT", "/connect/register/" + clientId, registered.string("registration_access_token"), json(update))
                .status()).isEqualTo(200);
        assertThat(assertionTokenRequest(clientId, second).status()).isEqualTo(200);
        assertThat(assertionTokenRequest(clientId, first).string("error")).isEqualTo("invalid_client");
    }

    /** RFC 7523 §3, RFC 7521 §5.2: a client assertion is used once; one with no jti, or living long, is refused outright. */
    @Test
    void aClientAssertion_isAcceptedOnce_andNeedsAJtiAndAShortLife() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("only").generate();
        Json registered = register(initialAccessToken(), Map.of("client_name", "Signed once", "grant_types", List.of("client_credentials"),
                "token_endpoint_auth_method", "private_key_jwt", "jwks", new JWKSet(key).toJSONObject(true)));
        String clientId = registered.string("client_id");

        String assertion = assertion(clientId, key, UUID.randomUUID().toString(), Duration.ofSeconds(60));
        assertThat(assertionTokenRequest(clientId, assertion).status()).isEqualTo(200);
        Json replayed = assertionTokenRequest(clientId, assertion);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.string("error")).isEqualTo("invalid_client");

        Json withoutJti = assertionTokenRequest(clientId, assertion(clientId, key, null, Duration.ofSeconds(60)));
        assertThat(withoutJti.string("error")).isEqualTo("invalid_client");
        Json longLived = assertionTokenRequest(clientId, assertion(clientId, key, UUID.randomUUID().toString(), Duration.ofHours(1)));
        assertThat(longLived.string("error")).isEqualTo("invalid_client");
    }

    static Json assertionTokenRequest(String clientId, ECKey key) throws Exception {
        return assertionTokenRequest(clientId, assertion(clientId, key, UUID.randomUUID().toString(), Duration.ofSeconds(60)));
    }

    static String assertion(String clientId, ECKey key, String jti, Duration life) throws Exception {
        java.time.Instant now = java.time.Instant.now();
        SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(broker.issuer() + "/oauth2/token")
                        .jwtID(jti).issueTime(java.util.Date.from(now))
                        .expirationTime(java.util.Date.from(now.plus(life))).build());
        assertion.sign(new ECDSASigner(key));
        return assertion.serialize();
    }

    static Json assertionTokenRequest(String clientId, String assertion) {
        return broker.post("/oauth2/token", Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion), clientId, null);
    }

    // --- RFC 7592 ---

    @Test
    void theRegistrationAccessToken_readsUpdatesAndDeletesItsApp() {
        Json registered = register(initialAccessToken(), Map.of("client_name", "Bins", "redirect_uris", List.of(TestApp.REDIRECT_URI),
                "grant_types", List.of("authorization_code", "refresh_token")));
        String clientId = registered.string("client_id");
        String path = "/connect/register/" + clientId;
        String token = registered.string("registration_access_token");

        Json read = broker.send("GET", path, token, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).containsEntry("client_id", clientId).containsEntry("client_name", "Bins")
                .doesNotContainKey("client_secret").doesNotContainKey("registration_access_token");

        Map<String, Object> update = new HashMap<>(withoutServerFields(read.body()));
        update.put("client_id", clientId);
        update.put("client_name", "Bins and recycling");
        update.put("redirect_uris", List.of("https://bins.council.example/cb"));
        Json updated = broker.send("PUT", path, token, json(update));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body()).containsEntry("client_name", "Bins and recycling")
                .containsEntry("redirect_uris", List.of("https://bins.council.example/cb"));
        assertThat(lastEvent(AuditEventType.APP_CHANGED, clientId).details()).containsEntry("actor", "registration_access_token");
        // In effect at once: the old redirect URI is no longer accepted by the secret-holding app's token requests.
        TestApp app = new TestApp(broker, clientId, registered.string("client_secret"));
        assertThat(app.attemptSignIn(new Browser(), "council").status()).isEqualTo(400);

        Map<String, Object> withoutClientId = new HashMap<>(update);
        withoutClientId.remove("client_id");
        assertThat(broker.send("PUT", path, token, json(withoutClientId)).string("error")).isEqualTo("invalid_client_metadata");
        Map<String, Object> wrongSecret = new HashMap<>(update);
        wrongSecret.put("client_secret", "guess");
        assertThat(broker.send("PUT", path, token, json(wrongSecret)).status()).isEqualTo(400);

        assertThat(broker.send("DELETE", path, token, null).status()).isEqualTo(204);
        assertThat(broker.send("GET", path, token, null).status()).isEqualTo(401);
        Json afterDelete = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials"), clientId, registered.string("client_secret"));
        assertThat(afterDelete.status()).isEqualTo(401);
        assertThat(afterDelete.string("error")).isEqualTo("invalid_client");
        assertThat(lastEvent(AuditEventType.APP_DELETED, clientId).details().get("after")).isEqualTo("null");
    }

    /** RFC 7592 §2.3: a deleted app's grants go with it, its own access tokens included. */
    @Test
    void aDeletedApp_itsOwnAccessTokens_areNoLongerActive() {
        Json registered = register(initialAccessToken(), Map.of("client_name", "Reports", "grant_types", List.of("client_credentials")));
        String clientId = registered.string("client_id");
        String accessToken = broker.post("/oauth2/token", Map.of("grant_type", "client_credentials"), clientId,
                registered.string("client_secret")).string("access_token");
        Map<String, String> introspection = Map.of("token", accessToken);
        assertThat(broker.post("/oauth2/introspect", introspection, clientId, registered.string("client_secret")).body())
                .containsEntry("active", true).containsEntry("client_id", clientId);

        assertThat(broker.send("DELETE", "/connect/register/" + clientId, registered.string("registration_access_token"), null)
                .status()).isEqualTo(204);
        // Introspection answers only the token's own app, which is gone: the store must have let go of the token itself.
        assertThat(broker.bean(OAuth2AuthorizationService.class).findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN)).isNull();
        assertThat(broker.post("/oauth2/introspect", introspection, clientId, registered.string("client_secret")).status()).isEqualTo(401);
    }

    /** RFC 7592 §2.1: a wrong token, or one app's token used on another, reads nothing and says nothing. */
    @Test
    void aRegistrationAccessToken_opensOnlyItsOwnApp() {
        Json first = register(initialAccessToken(), Map.of("client_name", "First", "redirect_uris", List.of(TestApp.REDIRECT_URI)));
        Json second = register(initialAccessToken(), Map.of("client_name", "Second", "redirect_uris", List.of(TestApp.REDIRECT_URI)));
        String secondPath = "/connect/register/" + second.string("client_id");
        for (String method : List.of("GET", "DELETE")) {
            Json refused = broker.send(method, secondPath, first.string("registration_access_token"), null);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.string("error")).isEqualTo("invalid_token");
            assertThat(refused.body().toString()).doesNotContain("Second");
        }
        assertThat(broker.send("PUT", secondPath, first.string("registration_access_token"),
                json(Map.of("client_id", second.string("client_id"), "client_name", "Taken over"))).status()).isEqualTo(401);
        assertThat(broker.send("GET", secondPath, "wrong", null).status()).isEqualTo(401);
        assertThat(broker.send("GET", secondPath, null, null).status()).isEqualTo(401);
        assertThat(broker.send("GET", "/connect/register/no-such-app", first.string("registration_access_token"), null).status()).isEqualTo(401);
        assertThat(broker.send("GET", secondPath, second.string("registration_access_token"), null).string("client_name")).isEqualTo("Second");
    }

    /** Disabling an app also stops its registration access token, until it is enabled again. */
    @Test
    void aDisabledApp_cannotBeReadOrChangedWithItsRegistrationAccessToken() {
        Json registered = register(initialAccessToken(), Map.of("client_name", "Parking", "redirect_uris", List.of(TestApp.REDIRECT_URI)));
        String clientId = registered.string("client_id");
        String path = "/connect/register/" + clientId;
        String token = registered.string("registration_access_token");

        broker.send("POST", "/admin/api/apps/" + clientId + "/disable", admin.accessToken(), null);
        for (String method : List.of("GET", "DELETE")) {
            Json refused = broker.send(method, path, token, null);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.string("error")).isEqualTo("invalid_token");
        }
        assertThat(broker.send("PUT", path, token, json(Map.of("client_id", clientId, "client_name", "Parking",
                "redirect_uris", List.of("https://elsewhere.example/cb")))).status()).isEqualTo(401);

        broker.send("POST", "/admin/api/apps/" + clientId + "/enable", admin.accessToken(), null);
        Json read = broker.send("GET", path, token, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).containsEntry("redirect_uris", List.of(TestApp.REDIRECT_URI));
    }

    // --- Admin API ---

    @Test
    void anAppTeam_createsAnApp_signsPeopleInWithIt_andOwnsIt() {
        Json created = broker.send("POST", "/admin/api/apps", teamA.accessToken(), json(Map.of("client_name", "Council Tax",
                "client_name#cy", "Treth Gyngor", "redirect_uris", List.of(TestApp.REDIRECT_URI),
                "grant_types", List.of("authorization_code", "refresh_token"))));
        assertThat(created.status()).isEqualTo(201);
        String clientId = created.string("client_id");
        assertThat(created.body()).containsEntry("source", "registered").containsEntry("enabled", true)
                .containsEntry("owners", List.of(teamA.accountId())).containsEntry("client_name#cy", "Treth Gyngor")
                .containsEntry("scope", "openid profile email").containsEntry("sector", clientId).containsKey("client_secret");
        Json tokens = new TestApp(broker, clientId, created.string("client_secret")).tokens(new Browser(), "council");
        assertThat(tokens.string("id_token")).isNotBlank();

        assertThat(broker.send("GET", "/admin/api/apps/" + clientId, teamA.accessToken(), null).body()).doesNotContainKey("client_secret");
        assertThat(appIds(teamA)).contains(clientId);
        assertThat(appIds(admin)).contains(clientId, AdminSession.CONSOLE);
    }

    /** An app team sees and changes only its own apps; a client id that is not theirs is 403 whether it exists or not. */
    @Test
    void anAppTeam_cannotSeeOrChangeAnotherTeamsApp() {
        String clientId = createApp(teamA);
        String path = "/admin/api/apps/" + clientId;
        assertThat(appIds(teamB)).doesNotContain(clientId).doesNotContain(AdminSession.CONSOLE);
        Json read = broker.send("GET", path, teamB.accessToken(), null);
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.string("error")).isEqualTo("forbidden");
        assertThat(broker.send("GET", "/admin/api/apps/no-such-app", teamB.accessToken(), null).body()).isEqualTo(read.body());
        assertThat(broker.send("GET", "/admin/api/apps/" + AdminSession.CONSOLE, teamB.accessToken(), null).status()).isEqualTo(403);
        assertThat(broker.send("PUT", path, teamB.accessToken(), json(appMetadata("Taken over"))).status()).isEqualTo(403);
        assertThat(broker.send("POST", path + "/secret", teamB.accessToken(), null).status()).isEqualTo(403);
        assertThat(broker.send("POST", path + "/disable", teamB.accessToken(), null).status()).isEqualTo(403);
        // Owners are an administrator's to change, even for the owner.
        assertThat(broker.send("PUT", path + "/owners", teamA.accessToken(), json(Map.of("owners", List.of(teamB.accountId())))).status())
                .isEqualTo(403);
        assertThat(broker.send("POST", "/admin/api/initial-access-tokens", teamA.accessToken(), "{}").status()).isEqualTo(403);

        assertThat(broker.send("GET", path, admin.accessToken(), null).status()).isEqualTo(200);
        assertThat(broker.send("GET", "/admin/api/apps/no-such-app", admin.accessToken(), null).status()).isEqualTo(404);
        Json owners = broker.send("PUT", path + "/owners", admin.accessToken(), json(Map.of("owners", List.of(teamB.accountId()))));
        assertThat(owners.body()).containsEntry("owners", List.of(teamB.accountId()));
        assertThat(broker.send("GET", path, teamB.accessToken(), null).status()).isEqualTo(200);
        assertThat(broker.send("GET", path, teamA.accessToken(), null).status()).isEqualTo(403);
        Json unknownOwner = broker.send("PUT", path + "/owners", admin.accessToken(), json(Map.of("owners", List.of("nobody"))));
        assertThat(unknownOwner.status()).isEqualTo(400);
        assertThat(unknownOwner.body().get("fields").toString()).contains("owners[0]");
    }

    /** Disabling is in effect on the very next request: invalid_client at the token endpoint, an error at authorize. */
    @Test
    void aDisabledApp_isRefusedOnTheNextRequest_andWorksAgainWhenEnabled() {
        Json created = broker.send("POST", "/admin/api/apps", teamA.accessToken(), json(Map.of("client_name", "Reports",
                "redirect_uris", List.of(TestApp.REDIRECT_URI), "grant_types", List.of("authorization_code", "client_credentials"))));
        String clientId = created.string("client_id");
        String secret = created.string("client_secret");
        Map<String, String> clientCredentials = Map.of("grant_type", "client_credentials");
        assertThat(broker.post("/oauth2/token", clientCredentials, clientId, secret).status()).isEqualTo(200);
        String accessToken = new TestApp(broker, clientId, secret).tokens(new Browser(), "council").string("access_token");
        assertThat(broker.getWithBearer("/userinfo", accessToken).status()).isEqualTo(200);

        Json disabled = broker.send("POST", "/admin/api/apps/" + clientId + "/disable", teamA.accessToken(), null);
        assertThat(disabled.body()).containsEntry("enabled", false);
        Json refused = broker.post("/oauth2/token", clientCredentials, clientId, secret);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.string("error")).isEqualTo("invalid_client");
        Browser.Page authorize = new TestApp(broker, clientId, secret).attemptSignIn(new Browser(), "council");
        assertThat(authorize.status()).isEqualTo(400);
        assertThat(authorize.location()).isNull();
        assertThat(broker.getWithBearer("/userinfo", accessToken).status()).isEqualTo(401); // its tokens answer for nobody
        AuditEvent event = lastEvent(AuditEventType.APP_DISABLED, clientId);
        assertThat(event.accountId()).isEqualTo(teamA.accountId());
        assertThat(event.details().get("before")).contains("\"enabled\":true");
        assertThat(event.details().get("after")).contains("\"enabled\":false");

        broker.send("POST", "/admin/api/apps/" + clientId + "/enable", teamA.accessToken(), null);
        assertThat(broker.post("/oauth2/token", clientCredentials, clientId, secret).status()).isEqualTo(200);
    }

    @Test
    void aRotatedSecret_replacesTheOldOneAtOnce() {
        Json created = broker.send("POST", "/admin/api/apps", teamA.accessToken(), json(Map.of("client_name", "Rotating",
                "grant_types", List.of("client_credentials"))));
        String clientId = created.string("client_id");
        String old = created.string("client_secret");
        Json rotated = broker.send("POST", "/admin/api/apps/" + clientId + "/secret", teamA.accessToken(), null);
        assertThat(rotated.body()).containsOnlyKeys("client_id", "client_secret").containsEntry("client_id", clientId);
        Map<String, String> clientCredentials = Map.of("grant_type", "client_credentials");
        assertThat(broker.post("/oauth2/token", clientCredentials, clientId, old).string("error")).isEqualTo("invalid_client");
        assertThat(broker.post("/oauth2/token", clientCredentials, clientId, rotated.string("client_secret")).status()).isEqualTo(200);
        AuditEvent event = lastEvent(AuditEventType.APP_SECRET_ROTATED, clientId);
        assertThat(event.details().toString()).doesNotContain(old).doesNotContain(rotated.string("client_secret"));
    }

    /** A change through the admin API is in effect on the next request, and audited with what it was before and after. */
    @Test
    void aChangedRedirectUri_isInEffectOnTheNextRequest_andAudited() {
        String clientId = createApp(teamA);
        Map<String, Object> metadata = appMetadata("Renamed");
        metadata.put("redirect_uris", List.of("https://renamed.council.example/cb"));
        Json changed = broker.send("PUT", "/admin/api/apps/" + clientId, teamA.accessToken(), json(metadata));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body()).containsEntry("client_name", "Renamed");
        assertThat(new TestApp(broker, clientId, "unused").attemptSignIn(new Browser(), "council").status()).isEqualTo(400);
        AuditEvent event = lastEvent(AuditEventType.APP_CHANGED, clientId);
        assertThat(event.accountId()).isEqualTo(teamA.accountId());
        assertThat(event.details()).containsEntry("target", clientId);
        assertThat(event.details().get("before")).contains(TestApp.REDIRECT_URI);
        assertThat(event.details().get("after")).contains("Renamed");

        Json invalid = broker.send("PUT", "/admin/api/apps/" + clientId, teamA.accessToken(),
                json(Map.of("client_name", "Bad", "redirect_uris", List.of("http://evil.example/cb"))));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.string("error")).isEqualTo("invalid_request");
        assertThat(invalid.body().get("fields").toString()).contains("redirect_uris[0]")
                .contains("must use https (or http on a loopback address for a native app)");
    }

    @Test
    void aConfiguredApp_isShownButReadOnly() {
        Json console = broker.send("GET", "/admin/api/apps/" + AdminSession.CONSOLE, admin.accessToken(), null);
        assertThat(console.body()).containsEntry("source", "configuration").containsEntry("require_passkey", true);
        Json refused = broker.send("PUT", "/admin/api/apps/" + AdminSession.CONSOLE, admin.accessToken(), json(appMetadata("Console")));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.string("error")).isEqualTo("conflict");
        assertThat(broker.send("POST", "/admin/api/apps/" + AdminSession.CONSOLE + "/disable", admin.accessToken(), null).status()).isEqualTo(409);
    }

    @Test
    void initialAccessTokens_areIssuedByAdministrators_withABoundedLife() {
        Json issued = broker.send("POST", "/admin/api/initial-access-tokens", admin.accessToken(), json(Map.of("expires_in", 3600)));
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.string("initial_access_token")).isNotBlank();
        assertThat(java.time.Instant.parse(issued.string("expires_at"))).isBefore(java.time.Instant.now().plusSeconds(3601));
        Json tooLong = broker.send("POST", "/admin/api/initial-access-tokens", admin.accessToken(), json(Map.of("expires_in", 99999999)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("fields").toString()).contains("expires_in");
        assertThat(lastEvent(AuditEventType.INITIAL_ACCESS_TOKEN_ISSUED, null).details().toString())
                .doesNotContain(issued.string("initial_access_token"));
    }

    // --- The foundation (AdminAccess) ---

    /** RFC 9470: admin scopes without a phishing-resistant sign-in get 401 insufficient_user_authentication. */
    @Test
    void aTokenWithoutAPasskeySignIn_isAskedToStepUp() throws Exception {
        Json tokens = new TestApp(broker, "no-passkey-console", "no-passkey-secret", "openid civicid.admin civicid.apps")
                .tokens(new Browser(), "council");
        String accessToken = tokens.string("access_token");
        assertThat(SignedJWT.parse(accessToken).getJWTClaimsSet().getStringListClaim("amr")).doesNotContain("hwk");
        Json refused = broker.send("GET", "/admin/api/apps", accessToken, null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.string("error")).isEqualTo("insufficient_user_authentication");
        assertThat(refused.header("WWW-Authenticate")).contains("insufficient_user_authentication").contains("acr_values=");
    }

    @Test
    void aPersonWhoIsNeitherAdministratorNorAppTeam_isForbidden() {
        Json refused = broker.send("GET", "/admin/api/apps", outsider.accessToken(), null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.string("error")).isEqualTo("forbidden");
        assertThat(broker.send("POST", "/admin/api/apps", outsider.accessToken(), json(appMetadata("Mine"))).status()).isEqualTo(403);
        assertThat(broker.send("GET", "/admin/api/apps", null, null).status()).isEqualTo(401);
    }

    // --- helpers ---

    static String initialAccessToken() {
        return broker.send("POST", "/admin/api/initial-access-tokens", admin.accessToken(), "{}").string("initial_access_token");
    }

    static Json register(String initialAccessToken, Map<String, Object> metadata) {
        return broker.send("POST", "/connect/register", initialAccessToken, json(metadata));
    }

    static Map<String, Object> appMetadata(String name) {
        return new HashMap<>(Map.of("client_name", name, "redirect_uris", List.of(TestApp.REDIRECT_URI)));
    }

    static String createApp(AdminSession.Person owner) {
        Json created = broker.send("POST", "/admin/api/apps", owner.accessToken(), json(appMetadata("Team app")));
        assertThat(created.status()).isEqualTo(201);
        return created.string("client_id");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> apps(AdminSession.Person person) {
        return (List<Map<String, Object>>) broker.send("GET", "/admin/api/apps", person.accessToken(), null).body().get("apps");
    }

    static List<String> appIds(AdminSession.Person person) {
        return apps(person).stream().map(a -> (String) a.get("client_id")).toList();
    }

    static AuditEvent lastEvent(AuditEventType type, String clientId) {
        return broker.bean(AuditLog.class).recent(500).stream()
                .filter(e -> e.type() == type && (clientId == null || clientId.equals(e.clientId()))).findFirst().orElseThrow();
    }

    static Map<String, Object> withoutServerFields(Map<String, Object> body) {
        Map<String, Object> metadata = new HashMap<>(body);
        List.of("client_id", "client_secret", "client_secret_expires_at", "client_id_issued_at", "registration_access_token",
                "registration_client_uri").forEach(metadata::remove);
        return metadata;
    }

    static String json(Map<String, Object> value) {
        return JSONObjectUtils.toJSONString(value);
    }
}
