package uk.civicid.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.civicid.broker.testsupport.TestBroker.query;
import static uk.civicid.broker.testsupport.TestBroker.s256;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.testsupport.AdminSession;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * The operators' admin API through real HTTP with real console tokens: upstreams added, changed, disabled and tested;
 * people found, signed out everywhere, disabled and enabled; passkeys revoked; signing keys rotated; audit queried.
 * Every change is in effect on the next request, and audited.
 */
class AdminOperationsTest {

    static final String TAX_SECRET = "tax-secret";
    static FakeUpstream staff;
    static FakeUpstream library;
    static WireMockServer app;
    static TestBroker broker;
    static String brokerUrl;
    static AdminSession session;
    static String admin;
    static String appTeam;

    @BeforeAll
    static void start() {
        staff = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        library = FakeUpstream.start("civicid-library", "library-secret", FakeUpstream.KeyType.ES256);
        app = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        app.start();
        app.stubFor(post(urlPathEqualTo("/backchannel-logout")).willReturn(aResponse().withStatus(200)));
        int port = TestBroker.freePort();
        brokerUrl = "http://localhost:" + port;
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(TestUpstream.of(staff, "council").named("Council staff")));
        properties.put("civicid.issuer", brokerUrl);
        properties.putAll(AdminSession.console(0));
        properties.putAll(Map.of(
                "civicid.clients[1].client-id", "tax",
                "civicid.clients[1].name.en", "Council Tax",
                "civicid.clients[1].client-secret-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(TAX_SECRET),
                "civicid.clients[1].redirect-uris[0]", TestApp.REDIRECT_URI,
                "civicid.clients[1].backchannel-logout-uri", app.baseUrl() + "/backchannel-logout"));
        properties.putAll(AdminSession.administrators("council", "admin-1", "staff-2"));
        properties.putAll(AdminSession.appTeamUpstream("council"));
        broker = TestBroker.start(port, properties);
        session = AdminSession.start(broker, brokerUrl, staff, "council",
                FakeUpstream.Persona.of("admin-1", "admin@council.example", "Ada Admin"),
                FakeUpstream.Persona.of("dev-1", "dev@council.example", "Dev Team"),
                FakeUpstream.Persona.of("staff-2", "staff2@council.example", "Sam Staff"));
        admin = session.signIn("admin-1").accessToken();
        appTeam = session.signIn("dev-1").accessToken();
    }

    @AfterAll
    static void stop() {
        broker.close();
        app.stop();
        library.close();
        staff.close();
    }

    static TestBroker.Json call(String method, String path, String token, String json) {
        return broker.send(method, path, token, json);
    }

    static String libraryUpstream(String id, String issuer) {
        return """
                {"id": "%s", "display_name": {"en": "Library card", "cy": "Cerdyn llyfrgell"}, "issuer": "%s",
                 "client_id": "civicid-library", "client_secret": "library-secret", "scopes": ["openid", "email"],
                 "acr": "http://eidas.europa.eu/LoA/low", "amr": ["pwd"], "algorithms": ["ES256"]}""".formatted(id, issuer);
    }

    /** An app's authorization request in a fresh browser, naming the upstream, followed until it returns to the app or stops on a page. */
    static Browser.Page signInAtApp(Browser browser, String upstreamId, String verifier) {
        URI authorize = UriComponentsBuilder.fromUriString(brokerUrl + "/oauth2/authorize")
                .queryParam("response_type", "code").queryParam("client_id", "tax")
                .queryParam("redirect_uri", TestApp.REDIRECT_URI).queryParam("scope", "openid profile")
                .queryParam("state", UUID.randomUUID()).queryParam("nonce", UUID.randomUUID())
                .queryParam("code_challenge", s256(verifier)).queryParam("code_challenge_method", "S256")
                .queryParam("idp_hint", upstreamId).encode().build().toUri();
        return browser.follow(browser.get(authorize), uri -> uri.toString().startsWith(TestApp.REDIRECT_URI));
    }

    /** Signs in to the tax app with the upstream; returns the token endpoint's answer. */
    static TestBroker.Json tokensAtApp(String upstreamId) {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        Browser.Page end = signInAtApp(new Browser(), upstreamId, verifier);
        assertThat(end.location()).as("sign-in ended at %s %s", end.status(), end.uri()).startsWith(TestApp.REDIRECT_URI);
        return broker.post("/oauth2/token", Map.of("grant_type", "authorization_code", "client_id", "tax",
                "code", query(end.next()).get("code"), "redirect_uri", TestApp.REDIRECT_URI, "code_verifier", verifier), "tax", TAX_SECRET);
    }

    static TestBroker.Json refresh(String refreshToken) {
        return broker.post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), "tax", TAX_SECRET);
    }

    static int logouts() {
        return app.countRequestsMatching(postRequestedFor(urlPathEqualTo("/backchannel-logout")).build()).getCount();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(TestBroker.Json json, String name) {
        return (List<Map<String, Object>>) json.body().get(name);
    }

    // ---- upstreams ----

    @Test
    void anUpstreamAddedThroughTheApi_isUsedOnTheNextSignIn_andDisablingItStopsTheNext() {
        TestBroker.Json added = call("POST", "/admin/api/upstreams", admin, libraryUpstream("library", library.issuer()));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.body()).containsEntry("id", "library").containsEntry("source", "registered")
                .containsEntry("has_client_secret", true).containsEntry("client_authentication", "client_secret_basic")
                .containsEntry("enabled", true).doesNotContainKey("client_secret");
        assertThat(added.body().toString()).doesNotContain("library-secret");

        library.signInAs(FakeUpstream.Persona.of("reader-1", "reader@example.org", "Rhys Reader"));
        TestBroker.Json tokens = tokensAtApp("library");
        assertThat(tokens.string("id_token")).isNotBlank();

        assertThat(call("POST", "/admin/api/upstreams/library/disable", admin, null).body()).containsEntry("enabled", false);
        Browser.Page refused = new Browser().get(URI.create(brokerUrl + "/signin/library"));
        assertThat(refused.status()).isEqualTo(404);

        assertThat(call("POST", "/admin/api/upstreams/library/enable", admin, null).body()).containsEntry("enabled", true);
        assertThat(tokensAtApp("library").string("id_token")).isNotBlank();

        List<Map<String, Object>> audited = list(call("GET", "/admin/api/audit?type=UPSTREAM_ADDED", admin, null), "events");
        assertThat(audited).anySatisfy(event -> {
            assertThat(event).containsEntry("upstream_id", "library").containsEntry("account_id", session.signIn("admin-1").accountId());
            assertThat(event.get("details").toString()).contains("\"has_client_secret\":true").doesNotContain("library-secret");
        });
        assertThat(list(call("GET", "/admin/api/audit?type=UPSTREAM_DISABLED", admin, null), "events")).isNotEmpty();
        assertThat(list(call("GET", "/admin/api/audit?type=UPSTREAM_ENABLED", admin, null), "events")).isNotEmpty();
    }

    @Test
    void changingAnUpstream_keepsItsSecret_whenNoneIsGiven_andIsAudited() {
        assertThat(call("POST", "/admin/api/upstreams", admin, libraryUpstream("library-two", library.issuer())).status()).isEqualTo(201);
        String changed = libraryUpstream("library-two", library.issuer()).replace("\"client_secret\": \"library-secret\",", "")
                .replace("Library card", "Library card (new)");
        TestBroker.Json after = call("PUT", "/admin/api/upstreams/library-two", admin, changed);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).containsEntry("has_client_secret", true);
        assertThat(after.body().get("display_name").toString()).contains("Library card (new)");
        assertThat(call("GET", "/admin/api/upstreams/library-two", admin, null).body().get("display_name").toString()).contains("(new)");
        assertThat(list(call("GET", "/admin/api/upstreams", admin, null), "upstreams")).extracting(u -> u.get("id"))
                .contains("council", "library-two");
        library.signInAs(FakeUpstream.Persona.of("reader-2", "reader2@example.org", "Rhian Reader"));
        assertThat(tokensAtApp("library-two").string("id_token")).isNotBlank();
        List<Map<String, Object>> audited = list(call("GET", "/admin/api/audit?type=UPSTREAM_CHANGED", admin, null), "events");
        assertThat(audited).anySatisfy(event -> assertThat(event.get("details").toString()).contains("(new)").contains("before="));
    }

    /** NHS login registers a partner's own RSA key and takes RS512 assertions: none, or an EC one, is refused with the field to fix. */
    @Test
    void anNhsLoginUpstream_withoutAnRsaKeyOfItsOwn_isRefused() throws Exception {
        String upstream = """
                {"id": "nhs-%s", "display_name": {"en": "NHS login"}, "issuer": "https://auth.login.nhs.uk", "client_id": "c",
                 "profile": "nhs-login"%s}""";
        TestBroker.Json keyless = call("POST", "/admin/api/upstreams", admin, upstream.formatted("keyless", ""));
        assertThat(keyless.status()).isEqualTo(400);
        assertThat(list(keyless, "fields")).containsExactly(Map.of("field", "private_key_jwk",
                "message", "NHS login needs a private RSA key of its own (it registers a public key, not the broker's client JWKS URL)"));
        String ecKey = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("k").generate().toJSONString();
        TestBroker.Json ec = call("POST", "/admin/api/upstreams", admin, upstream.formatted("ec", ", \"private_key_jwk\": " + ecKey));
        assertThat(list(ec, "fields")).containsExactly(Map.of("field", "private_key_jwk",
                "message", "NHS login takes RS512 client assertions: the private key must be RSA"));
        String rsaKey = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k").generate().toJSONString();
        TestBroker.Json rsa = call("POST", "/admin/api/upstreams", admin, upstream.formatted("rsa", ", \"private_key_jwk\": " + rsaKey));
        assertThat(rsa.status()).isEqualTo(201);
        assertThat(rsa.body()).containsEntry("algorithms", List.of("RS512")).containsEntry("has_private_key", true)
                .doesNotContainKey("client_jwks_uri");
        assertThat(call("POST", "/admin/api/upstreams/nhs-rsa/disable", admin, null).status()).isEqualTo(200);
    }

    /** Entra ID through the admin API: a multi-tenant issuer needs its allowed tenants; they and the roles map are shown back. */
    @Test
    void anEntraIdUpstream_atAMultiTenantIssuer_withoutAllowedTenants_isRefused() {
        String upstream = """
                {"id": "entra-%s", "display_name": {"en": "Partner staff"}, "issuer": "https://login.microsoftonline.com/organizations/v2.0",
                 "client_id": "c", "client_secret": "s", "profile": "entra-id"%s}""";
        TestBroker.Json open = call("POST", "/admin/api/upstreams", admin, upstream.formatted("open", ""));
        assertThat(open.status()).isEqualTo(400);
        assertThat(list(open, "fields")).containsExactly(Map.of("field", "allowed_tenants",
                "message", "a multi-tenant issuer (organizations) needs the tenants whose people may sign in"));
        TestBroker.Json listed = call("POST", "/admin/api/upstreams", admin, upstream.formatted("listed",
                ", \"allowed_tenants\": [\"8eaef023-2b34-4da1-9baa-8bc8c9d6a490\"], \"roles\": {\"Cases.Read\": \"caseworker\"}"));
        assertThat(listed.status()).isEqualTo(201);
        assertThat(listed.body()).containsEntry("allowed_tenants", List.of("8eaef023-2b34-4da1-9baa-8bc8c9d6a490"))
                .containsEntry("roles", Map.of("Cases.Read", "caseworker")).containsEntry("algorithms", List.of("RS256"))
                .containsEntry("userinfo", "never").doesNotContainKey("client_jwks_uri");
        assertThat(call("POST", "/admin/api/upstreams/entra-listed/disable", admin, null).status()).isEqualTo(200);
    }

    @Test
    void invalidUpstreams_areRefused_withTheFieldsToFix() {
        TestBroker.Json insecure = call("POST", "/admin/api/upstreams", admin, """
                {"id": "Bad Id", "display_name": {"en": "X"}, "issuer": "http://login.example", "client_id": "c",
                 "algorithms": ["HS256"]}""");
        assertThat(insecure.status()).isEqualTo(400);
        assertThat(insecure.string("error")).isEqualTo("invalid_request");
        assertThat(list(insecure, "fields")).extracting(f -> f.get("field"))
                .contains("id", "issuer", "algorithms", "client_secret");
        TestBroker.Json keyless = call("POST", "/admin/api/upstreams", admin, """
                {"id": "nhs", "display_name": {"en": "NHS login"}, "issuer": "https://auth.login.nhs.uk", "client_id": "c",
                 "client_authentication": "private_key_jwt", "private_key_jwk": {"kty": "EC", "crv": "P-256", "x": "x", "y": "y"}}""");
        assertThat(list(keyless, "fields")).extracting(f -> f.get("field")).contains("private_key_jwk");
        // private_key_jwt with no key of its own: the broker's client keys sign, and the answer says what to register.
        TestBroker.Json brokerKeys = call("POST", "/admin/api/upstreams", admin, """
                {"id": "nhs-broker-keys", "display_name": {"en": "NHS login"}, "issuer": "https://auth.login.nhs.uk", "client_id": "c",
                 "client_authentication": "private_key_jwt"}""");
        assertThat(brokerKeys.status()).isEqualTo(201);
        assertThat(brokerKeys.body()).containsEntry("has_private_key", false)
                .containsEntry("client_jwks_uri", brokerUrl + "/signin/client-jwks")
                .containsEntry("redirect_uri", brokerUrl + "/signin/callback/nhs-broker-keys")
                .containsEntry("backchannel_logout_uri", brokerUrl + "/signin/backchannel-logout/nhs-broker-keys")
                .containsEntry("post_logout_redirect_uri", brokerUrl + "/signin/signed-out/nhs-broker-keys");
        assertThat(call("POST", "/admin/api/upstreams/nhs-broker-keys/disable", admin, null).status()).isEqualTo(200);
        assertThat(call("POST", "/admin/api/upstreams", admin, "{not json").status()).isEqualTo(400);
        assertThat(call("POST", "/admin/api/upstreams", admin, "{\"scopes\": \"openid\"}").status()).isEqualTo(400);
        assertThat(call("POST", "/admin/api/upstreams", admin, libraryUpstream("council", library.issuer())).status()).isEqualTo(409);
        assertThat(call("PUT", "/admin/api/upstreams/council", admin, libraryUpstream("council", library.issuer())).status()).isEqualTo(409);
        assertThat(call("POST", "/admin/api/upstreams/council/disable", admin, null).status()).isEqualTo(409);
        assertThat(call("PUT", "/admin/api/upstreams/missing", admin, libraryUpstream("missing", library.issuer())).status()).isEqualTo(404);
        assertThat(call("GET", "/admin/api/upstreams/missing", admin, null).status()).isEqualTo(404);
        assertThat(call("POST", "/admin/api/upstreams/missing/test", admin, null).status()).isEqualTo(404);
    }

    @Test
    void testingTheConnection_reportsEachCheck_andNeverFailsOnABadUpstream() {
        TestBroker.Json good = call("POST", "/admin/api/upstreams/council/test", admin, null);
        assertThat(good.status()).isEqualTo(200);
        assertThat(good.body()).containsEntry("ok", true);
        assertThat(list(good, "checks")).extracting(c -> c.get("name")).containsExactly("discovery", "jwks");

        String unreachable = "http://127.0.0.1:" + TestBroker.freePort();
        assertThat(call("POST", "/admin/api/upstreams", admin, libraryUpstream("gone", unreachable)).status()).isEqualTo(201);
        TestBroker.Json bad = call("POST", "/admin/api/upstreams/gone/test", admin, null);
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).containsEntry("ok", false);
        assertThat(list(bad, "checks").get(0)).containsEntry("ok", false);
        assertThat(list(bad, "checks").get(0).get("detail").toString()).contains("cannot connect");

        staff.jwksAvailable(false);
        try {
            TestBroker.Json noKeys = call("POST", "/admin/api/upstreams/council/test", admin, null);
            assertThat(noKeys.body()).containsEntry("ok", false);
            assertThat(list(noKeys, "checks").get(1)).containsEntry("name", "jwks").containsEntry("ok", false);
        } finally {
            staff.jwksAvailable(true);
        }
    }

    // ---- people ----

    @Test
    void revokingSessions_endsThemEverywhere_andTheRefreshTokenStopsWorking() {
        staff.signInAs(FakeUpstream.Persona.of("citizen-r", "Rev.Oked@example.org", "Rev Oked").withUnverifiedEmail());
        TestBroker.Json tokens = tokensAtApp("council");
        String refreshToken = tokens.string("refresh_token");
        assertThat(refreshToken).isNotBlank();

        List<Map<String, Object>> byEmail = list(call("GET", "/admin/api/people?q=rev.oked@example.org", admin, null), "people");
        assertThat(byEmail).hasSize(1);
        String id = (String) byEmail.get(0).get("id");
        assertThat(list(call("GET", "/admin/api/people?q=council:citizen-r", admin, null), "people")).extracting(p -> p.get("id"))
                .containsExactly(id);
        TestBroker.Json person = call("GET", "/admin/api/people/" + id, admin, null);
        assertThat(person.body()).containsEntry("email_verified", false).containsEntry("disabled", false);
        assertThat(list(person, "links")).singleElement().satisfies(l -> assertThat(l).containsEntry("upstream_id", "council")
                .containsEntry("subject", "citizen-r"));

        int logoutsBefore = logouts();
        TestBroker.Json revoked = call("POST", "/admin/api/people/" + id + "/revoke-sessions", admin, null);
        assertThat(logouts()).as("the app was told by back-channel logout").isEqualTo(logoutsBefore + 1);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(((Number) revoked.body().get("sessions_ended")).intValue()).isEqualTo(1);
        assertThat(((Number) revoked.body().get("authorizations_revoked")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(refresh(refreshToken).string("error")).isEqualTo("invalid_grant");
        assertThat(list(call("GET", "/admin/api/audit?type=ACCOUNT_SESSIONS_REVOKED&account=" + id, admin, null), "events")).hasSize(1);
        assertThat(list(call("GET", "/admin/api/people?q=nobody@example.org", admin, null), "people")).isEmpty();
        assertThat(call("GET", "/admin/api/people", admin, null).status()).isEqualTo(400);
    }

    @Test
    void aDisabledAccount_cannotSignIn_andItsTokensStop_untilEnabled() {
        staff.signInAs(FakeUpstream.Persona.of("citizen-d", "dis.abled@example.org", "Dee Abled"));
        TestBroker.Json tokens = tokensAtApp("council");
        String id = (String) list(call("GET", "/admin/api/people?q=council:citizen-d", admin, null), "people").get(0).get("id");

        TestBroker.Json disabled = call("POST", "/admin/api/people/" + id + "/disable", admin, null);
        assertThat(disabled.body()).containsEntry("disabled", true);
        assertThat(refresh(tokens.string("refresh_token")).string("error")).isEqualTo("invalid_grant");
        Browser.Page refused = signInAtApp(new Browser(), "council", "v-" + UUID.randomUUID());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("Contact the council");

        assertThat(call("POST", "/admin/api/people/" + id + "/enable", admin, null).body()).containsEntry("disabled", false);
        assertThat(tokensAtApp("council").string("refresh_token")).isNotBlank();
        List<Map<String, Object>> audited = list(call("GET", "/admin/api/audit?account=" + id + "&type=ACCOUNT_DISABLED", admin, null), "events");
        assertThat(audited).singleElement().satisfies(e -> assertThat(e.get("details").toString())
                .contains("\"disabled\":false").contains("\"disabled\":true").doesNotContain("dis.abled@example.org"));
    }

    @Test
    void aDisabledStaffMember_cannotSignInWithTheirPasskey_andARevokedPasskeyNoLongerWorks() {
        AdminSession.Person staff2 = session.signIn("staff-2"); // an administrator too
        String id = staff2.accountId();
        List<Map<String, Object>> passkeys = list(call("GET", "/admin/api/people/" + id, admin, null), "passkeys");
        assertThat(passkeys).hasSize(1);
        assertThat(call("GET", "/admin/api/signing-keys", staff2.accessToken(), null).status()).isEqualTo(200);

        call("POST", "/admin/api/people/" + id + "/disable", admin, null);
        assertThatThrownBy(() -> session.signIn("staff-2")).hasMessageContaining("/account-disabled");
        assertThat(call("GET", "/admin/api/signing-keys", staff2.accessToken(), null).status())
                .as("a disabled administrator's unexpired token no longer opens the admin API").isEqualTo(403);
        call("POST", "/admin/api/people/" + id + "/enable", admin, null);
        assertThat(session.signIn("staff-2").accountId()).isEqualTo(id);

        assertThat(call("DELETE", "/admin/api/people/" + id + "/passkeys/not-a-passkey", admin, null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/admin/api/people/" + id + "/passkeys/" + passkeys.get(0).get("id"), admin, null).status()).isEqualTo(204);
        assertThat(list(call("GET", "/admin/api/people/" + id, admin, null), "passkeys")).isEmpty();
        assertThatThrownBy(() -> session.signIn("staff-2")).hasMessageContaining("passkey sign-in refused");
        assertThat(list(call("GET", "/admin/api/audit?type=PASSKEY_REVOKED&account=" + id, admin, null), "events")).hasSize(1);
    }

    @Test
    void unknownPeople_areNotFound() {
        for (String[] request : new String[][] {{"GET", "/admin/api/people/nobody"}, {"POST", "/admin/api/people/nobody/disable"},
                {"POST", "/admin/api/people/nobody/enable"}, {"POST", "/admin/api/people/nobody/revoke-sessions"},
                {"DELETE", "/admin/api/people/nobody/passkeys/x"}}) {
            TestBroker.Json answer = call(request[0], request[1], admin, null);
            assertThat(answer.status()).as(request[1]).isEqualTo(404);
            assertThat(answer.string("error")).isEqualTo("not_found");
        }
    }

    // ---- signing keys, audit ----

    @Test
    void rotatingTheSigningKeys_publishesTheNewPairAtOnce_andKeepsTheOld() {
        List<Map<String, Object>> before = list(call("GET", "/admin/api/signing-keys", admin, null), "keys");
        assertThat(before).isNotEmpty().allSatisfy(k -> assertThat(k).containsKeys("kid", "alg", "created_at", "state", "retire_after"));
        TestBroker.Json rotated = call("POST", "/admin/api/signing-keys/rotate", admin, null);
        List<Map<String, Object>> after = list(rotated, "keys");
        assertThat(after).hasSize(before.size() + 2);
        assertThat(after).filteredOn(k -> "next".equals(k.get("state"))).extracting(k -> k.get("alg")).containsExactlyInAnyOrder("RS256", "ES256");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jwks = (List<Map<String, Object>>) broker.send("GET", "/oauth2/jwks", null, null).body().get("keys");
        assertThat(jwks).extracting(k -> k.get("kid")).containsAll(after.stream().map(k -> k.get("kid")).toList());
        assertThat(jwks.toString()).doesNotContain("\"d\"");
        assertThat(list(call("GET", "/admin/api/audit?type=SIGNING_KEY_ROTATED", admin, null), "events")).isNotEmpty();
    }

    /** The broker's client keys for upstreams: listed (public facts), rotated by an administrator, audited; the JWKS shows both. */
    @Test
    void rotatingTheUpstreamClientKeys_publishesTheNewPair_andKeepsTheOldUntilItsRetirement() {
        List<Map<String, Object>> before = list(call("GET", "/admin/api/upstream-client-keys", admin, null), "keys");
        assertThat(before).isNotEmpty().allSatisfy(k -> assertThat(k).containsKeys("kid", "alg", "created_at", "state"));
        List<Map<String, Object>> after = list(call("POST", "/admin/api/upstream-client-keys/rotate", admin, null), "keys");
        assertThat(after).hasSize(before.size() + 2);
        assertThat(after).filteredOn(k -> "next".equals(k.get("state"))).extracting(k -> k.get("alg")).containsExactlyInAnyOrder("RS256", "ES256");
        assertThat(after).filteredOn(k -> "published".equals(k.get("state"))).allSatisfy(k -> assertThat(k.get("retire_after")).isNotNull());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jwks = (List<Map<String, Object>>) broker.send("GET", "/signin/client-jwks", null, null).body().get("keys");
        assertThat(jwks).extracting(k -> k.get("kid")).containsExactlyInAnyOrderElementsOf(after.stream().map(k -> k.get("kid")).toList());
        assertThat(jwks).allSatisfy(k -> assertThat(k).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi"));
        assertThat(list(call("GET", "/admin/api/audit?type=UPSTREAM_CLIENT_KEY_ROTATED", admin, null), "events")).isNotEmpty();
    }

    @Test
    void theAuditLog_isPagedNewestFirst_andBadFiltersAreRefused() {
        TestBroker.Json first = call("GET", "/admin/api/audit?limit=2", admin, null);
        assertThat(list(first, "events")).hasSize(2);
        String next = first.string("next");
        assertThat(next).isNotBlank();
        TestBroker.Json second = call("GET", "/admin/api/audit?limit=2&before=" + next, admin, null);
        assertThat(list(second, "events")).extracting(e -> e.get("id")).doesNotContainAnyElementsOf(
                list(first, "events").stream().map(e -> e.get("id")).toList());
        assertThat(call("GET", "/admin/api/audit?type=NOT_A_TYPE", admin, null).status()).isEqualTo(400);
        assertThat(call("GET", "/admin/api/audit?from=yesterday", admin, null).status()).isEqualTo(400);
        assertThat(call("GET", "/admin/api/audit?limit=100000", admin, null).status()).isEqualTo(400);
        assertThat(call("GET", "/admin/api/audit?before=not-a-cursor", admin, null).status()).isEqualTo(400);
        assertThat(call("GET", "/admin/api/audit?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z", admin, null).body())
                .containsEntry("events", List.of());
    }

    // ---- who am I ----

    @Test
    void whoAmI_saysAnAdministratorIsOne_andAnAppTeamMemberIsNot_andNoTokenIsUnauthorized() throws Exception {
        TestBroker.Json administrator = call("GET", "/admin/api/me", admin, null);
        assertThat(administrator.status()).isEqualTo(200);
        assertThat(administrator.body()).isEqualTo(Map.of("account_id",
                com.nimbusds.jwt.SignedJWT.parse(admin).getJWTClaimsSet().getSubject(), "administrator", true));
        TestBroker.Json member = call("GET", "/admin/api/me", appTeam, null);
        assertThat(member.status()).isEqualTo(200);
        assertThat(member.body()).isEqualTo(Map.of("account_id",
                com.nimbusds.jwt.SignedJWT.parse(appTeam).getJWTClaimsSet().getSubject(), "administrator", false));
        assertThat(call("GET", "/admin/api/me", null, null).status()).isEqualTo(401);
    }

    // ---- refusals ----

    @Test
    void anAppTeamMember_isForbidden_everyOperationsEndpoint_andNoTokenIsUnauthorized() {
        String[][] endpoints = {
                {"GET", "/admin/api/upstreams"}, {"POST", "/admin/api/upstreams"}, {"GET", "/admin/api/upstreams/council"},
                {"PUT", "/admin/api/upstreams/council"}, {"POST", "/admin/api/upstreams/council/disable"},
                {"POST", "/admin/api/upstreams/council/enable"}, {"POST", "/admin/api/upstreams/council/test"},
                {"GET", "/admin/api/people?q=a@example.org"}, {"GET", "/admin/api/people/x"}, {"POST", "/admin/api/people/x/disable"},
                {"POST", "/admin/api/people/x/enable"}, {"POST", "/admin/api/people/x/revoke-sessions"},
                {"DELETE", "/admin/api/people/x/passkeys/y"}, {"GET", "/admin/api/signing-keys"},
                {"POST", "/admin/api/signing-keys/rotate"}, {"GET", "/admin/api/upstream-client-keys"},
                {"POST", "/admin/api/upstream-client-keys/rotate"}, {"GET", "/admin/api/audit"}};
        for (String[] endpoint : endpoints) {
            String body = endpoint[0].equals("POST") || endpoint[0].equals("PUT") ? libraryUpstream("x", library.issuer()) : null;
            TestBroker.Json forbidden = call(endpoint[0], endpoint[1], appTeam, body);
            assertThat(forbidden.status()).as(endpoint[0] + " " + endpoint[1]).isEqualTo(403);
            assertThat(call(endpoint[0], endpoint[1], null, body).status()).as(endpoint[0] + " " + endpoint[1]).isEqualTo(401);
        }
        assertThat(list(call("GET", "/admin/api/upstreams", admin, null), "upstreams")).extracting(u -> u.get("id")).doesNotContain("x");
    }
}
