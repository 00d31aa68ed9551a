package uk.civicid.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The console, started as in production, against a fake broker whose admin API is WireMock. Each person signs in
 * through the (fake) broker with their own access token, by which the admin API stubs know them.
 */
class ConsoleTest {

    static final String ADMIN = "Bearer admin-token";
    static final String TEAM = "Bearer team-token";
    static final String TEAM_APP = """
            {"client_id": "team-app", "client_name": "Parking permits", "client_name#cy": "Trwyddedau parcio",
             "source": "registered", "enabled": true, "redirect_uris": ["https://parking.council.example/login/oauth2/code/civicid"],
             "post_logout_redirect_uris": [], "backchannel_logout_uri": null, "grant_types": ["authorization_code", "refresh_token"],
             "token_endpoint_auth_method": "client_secret_basic", "scope": "openid profile email", "subject_type": "public",
             "upstreams": [], "require_passkey": false, "owners": ["acct-team"], "created_at": "2026-11-30T10:00:00Z"}""";
    static final String CONFIGURED_APP = """
            {"client_id": "council-tax", "client_name": "Council Tax", "source": "configuration", "enabled": true,
             "redirect_uris": ["http://localhost:8081/login/oauth2/code/civicid"], "grant_types": ["authorization_code"],
             "token_endpoint_auth_method": "client_secret_basic", "subject_type": "public", "owners": []}""";

    static FakeBroker broker;
    static ConfigurableApplicationContext console;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        broker = new FakeBroker();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        console = ConsoleApplication.builder().run("--console.port=" + port, "--console.broker-issuer=" + broker.issuer,
                "--console.client-id=" + FakeBroker.CLIENT_ID, "--console.client-secret=" + FakeBroker.CLIENT_SECRET,
                "--console.public-base-url=http://127.0.0.1:" + port, "--console.help-contact=civicid-admins@council.example");
        base = "http://127.0.0.1:" + port;

        // Roles, as the admin API decides them.
        api(get("/admin/api/me"), ADMIN, 200, "{\"account_id\": \"acct-admin\", \"administrator\": true}");
        api(get("/admin/api/me"), TEAM, 200, "{\"account_id\": \"acct-team\", \"administrator\": false}");
        api(get("/admin/api/upstreams"), ADMIN, 200, """
                {"upstreams": [{"id": "council", "display_name": {"en": "Council staff", "cy": "Staff y cyngor"},
                  "issuer": "https://login.council.example", "client_id": "civicid", "client_authentication": "client_secret_basic",
                  "scopes": ["openid", "email"], "claims": {"email": "mail"}, "acr": "http://eidas.europa.eu/LoA/low", "amr": ["pwd"],
                  "algorithms": ["RS256"], "enabled": true, "source": "registered", "has_client_secret": true}]}""");
        api(get("/admin/api/apps"), ADMIN, 200, "{\"apps\": [" + CONFIGURED_APP + ", " + TEAM_APP + "]}");
        api(get("/admin/api/apps"), TEAM, 200, "{\"apps\": [" + TEAM_APP + "]}");
        api(get("/admin/api/apps/team-app"), TEAM, 200, TEAM_APP);
        api(get("/admin/api/apps/team-app"), ADMIN, 200, TEAM_APP);
        api(get("/admin/api/apps/council-tax"), ADMIN, 200, CONFIGURED_APP);
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static void api(MappingBuilder request, String authorization, int status, String body) {
        broker.server.stubFor(request.withHeader("Authorization", equalTo(authorization))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    // --- Roles ---

    @Test
    void administrator_seesEverySection() throws Exception {
        HttpClient browser = signIn("admin-token");

        Document home = page(browser, "/");
        assertThat(home.select("nav.navigation a").eachAttr("href"))
                .containsExactly("/apps", "/upstreams", "/people", "/signing-keys", "/audit");
        assertThat(home.select("h1").text()).isEqualTo("CivicID admin console");
        assertThat(home.text()).contains("You are an administrator");

        Document apps = page(browser, "/apps");
        assertThat(apps.select("table caption").text()).isEqualTo("All apps");
        assertThat(apps.select("tbody th a").eachText()).containsExactly("Council Tax", "Parking permits");
        // An app from the broker's configuration is read-only: no control to change it.
        Document configured = page(browser, "/apps/council-tax");
        assertThat(configured.text()).contains("cannot be changed here");
        assertThat(configured.select("a[href^=/apps/council-tax/], form[action^=/apps/council-tax/]")).isEmpty();
    }

    @Test
    void appTeamMember_seesOnlyTheirApps_andNoAdministratorsControls() throws Exception {
        HttpClient browser = signIn("team-token");

        Document home = page(browser, "/");
        assertThat(home.select("nav.navigation a").eachAttr("href")).containsExactly("/apps");
        assertThat(home.select("nav.navigation a").text()).isEqualTo("Your apps");
        assertThat(home.select("a[href=/upstreams], a[href=/people], a[href=/signing-keys], a[href=/audit]")).isEmpty();

        Document apps = page(browser, "/apps");
        assertThat(apps.select("tbody th a").eachText()).containsExactly("Parking permits");
        assertThat(apps.select("a[href=/apps/registration-token]")).as("administrators give registration tokens").isEmpty();
        Document app = page(browser, "/apps/team-app");
        assertThat(app.select("form[action=/apps/team-app/owners]")).as("owners are set by administrators").isEmpty();
        assertThat(app.select("a[href=/apps/team-app/edit]")).hasSize(1);

        // Administrators' pages say who to ask, and the console does not even call the API for them.
        int before = broker.server.findAll(getRequestedFor(urlPathEqualTo("/admin/api/signing-keys"))).size();
        HttpResponse<String> keys = send(browser, GET("/signing-keys"));
        assertThat(keys.statusCode()).isEqualTo(403);
        Document noAccess = Accessibility.check(keys.body());
        assertThat(noAccess.select("h1").text()).isEqualTo("You do not have access to this");
        assertThat(noAccess.text()).contains("civicid-admins@council.example");
        assertThat(broker.server.findAll(getRequestedFor(urlPathEqualTo("/admin/api/signing-keys")))).hasSize(before);
    }

    @Test
    void personWithNoRole_getsTheNoAccessPage() throws Exception {
        api(get("/admin/api/me"), "Bearer nobody-token", 403, "{\"error\": \"forbidden\", \"error_description\": \"no\"}");
        HttpClient browser = signIn("nobody-token");

        HttpResponse<String> home = send(browser, GET("/"));
        assertThat(home.statusCode()).isEqualTo(403);
        assertThat(Accessibility.check(home.body()).text()).contains("You do not have access", "civicid-admins@council.example");
    }

    // --- Registering an app ---

    @Test
    void registerForm_showsTheApisFieldErrorNextToItsField_andInTheErrorSummary() throws Exception {
        broker.server.stubFor(post("/admin/api/apps").withHeader("Authorization", equalTo(TEAM))
                .withRequestBody(equalToJson("{\"client_name\": \"Library\"}", true, true))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"error": "invalid_request", "error_description": "the app's metadata is not valid",
                         "fields": [{"field": "redirect_uris[1]", "message": "must use https (or http on a loopback address for a native app)"}]}""")));
        HttpClient browser = signIn("team-token");
        Document form = page(browser, "/apps/new");

        HttpResponse<String> refused = send(browser, POST("/apps", Map.of("_csrf", csrf(form), "nameEn", "Library",
                "kind", "web", "redirectUris", "https://library.council.example/cb\nhttp://library.council.example/cb",
                "subjectType", "public")));

        assertThat(refused.statusCode()).isEqualTo(200);
        Document page = Accessibility.check(refused.body());
        assertThat(page.title()).startsWith("Error: ");
        String message = "Line 2: must use https (or http on a loopback address for a native app)";
        assertThat(page.select(".error-summary a[href=#redirectUris]").text()).isEqualTo(message);
        assertThat(page.select("#redirectUris-error").text()).contains(message);
        assertThat(page.select("#redirectUris").attr("aria-describedby")).contains("redirectUris-error");
        assertThat(page.select("#redirectUris").attr("aria-invalid")).isEqualTo("true");
        // What was typed is kept.
        assertThat(page.select("#redirectUris").text()).contains("http://library.council.example/cb");
        assertThat(page.select("#nameEn").val()).isEqualTo("Library");
    }

    @Test
    void registerForm_checksWhatItCanBeforeCallingTheApi() throws Exception {
        HttpClient browser = signIn("team-token");
        int calls = broker.server.findAll(postRequestedFor(urlPathEqualTo("/admin/api/apps"))).size();

        HttpResponse<String> refused = send(browser, POST("/apps", Map.of("_csrf", csrf(page(browser, "/apps/new")),
                "nameEn", " ", "subjectType", "public")));

        Document page = Accessibility.check(refused.body());
        assertThat(page.select(".error-summary a").eachAttr("href")).containsExactly("#nameEn", "#kind");
        assertThat(page.select("#nameEn-error").text()).contains("Enter the app's name in English");
        assertThat(page.select("#kind-error").text()).contains("Choose the type of app");
        assertThat(broker.server.findAll(postRequestedFor(urlPathEqualTo("/admin/api/apps")))).hasSize(calls);
    }

    @Test
    void newAppsSecret_isShownOnlyOnThePageRightAfterRegistration_neverCached() throws Exception {
        String secret = "s3cr3t-" + UUID.randomUUID();
        broker.server.stubFor(post("/admin/api/apps").withHeader("Authorization", equalTo(TEAM))
                .withRequestBody(equalToJson("{\"client_name\": \"Housing repairs\"}", true, true))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(TEAM_APP.replace("team-app", "repairs").replace("Parking permits", "Housing repairs")
                                .replace("\"client_id\": \"repairs\",", "\"client_id\": \"repairs\", \"client_secret\": \"" + secret + "\","))));
        api(get("/admin/api/apps/repairs"), TEAM, 200, TEAM_APP.replace("team-app", "repairs").replace("Parking permits", "Housing repairs"));
        HttpClient browser = signIn("team-token");

        HttpResponse<String> registered = send(browser, POST("/apps", Map.of("_csrf", csrf(page(browser, "/apps/new")),
                "nameEn", "Housing repairs", "nameCy", "Atgyweiriadau tai", "kind", "web",
                "redirectUris", "https://repairs.council.example/login/oauth2/code/civicid", "subjectType", "public")));
        assertThat(registered.statusCode()).isEqualTo(302);
        assertThat(location(registered)).isEqualTo(base + "/apps/repairs").doesNotContain(secret);
        // The console sent the metadata the form means.
        assertThat(broker.server.findAll(postRequestedFor(urlPathEqualTo("/admin/api/apps"))
                .withRequestBody(equalToJson("""
                        {"client_name": "Housing repairs", "client_name#cy": "Atgyweiriadau tai",
                         "redirect_uris": ["https://repairs.council.example/login/oauth2/code/civicid"],
                         "grant_types": ["authorization_code", "refresh_token"], "token_endpoint_auth_method": "client_secret_basic",
                         "subject_type": "public", "require_passkey": false}""", true, true)))).hasSize(1);

        HttpResponse<String> first = send(browser, GET("/apps/repairs"));
        assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        Document page = Accessibility.check(first.body());
        assertThat(page.select("#client-secret").text()).isEqualTo(secret);
        assertThat(page.text()).contains("This is the only time the secret is shown", "The app was registered.");
        assertThat(page.select("#setting-issuer").text()).isEqualTo(broker.issuer);
        assertThat(page.select("#setting-client-id").text()).isEqualTo("repairs");
        assertThat(page.select("#snippet").text()).contains("client-id: repairs", "issuer-uri: " + broker.issuer,
                "client-secret: ${CIVICID_CLIENT_SECRET}", "redirect-uri: \"https://parking.council.example/login/oauth2/code/civicid\"")
                .doesNotContain(secret);
        assertThat(page.text()).contains(broker.issuer + "/oauth2/token", broker.issuer + "/connect/logout");

        HttpResponse<String> again = send(browser, GET("/apps/repairs"));
        assertThat(again.body()).doesNotContain(secret);
        assertThat(Accessibility.check(again.body()).select("#client-secret")).isEmpty();
    }

    @Test
    void rotatingTheSecret_isConfirmedFirst_andShowsTheNewSecretOnce() throws Exception {
        String secret = "rotated-" + UUID.randomUUID();
        api(post("/admin/api/apps/team-app/secret"), TEAM, 200, "{\"client_id\": \"team-app\", \"client_secret\": \"" + secret + "\"}");
        HttpClient browser = signIn("team-token");

        Document app = page(browser, "/apps/team-app");
        assertThat(app.select("a[href=/apps/team-app/secret]").text()).isEqualTo("Make a new client secret");
        Document confirm = page(browser, "/apps/team-app/secret");
        assertThat(confirm.text()).contains("stops working at once");
        assertThat(broker.server.findAll(postRequestedFor(urlPathEqualTo("/admin/api/apps/team-app/secret")))).isEmpty();

        HttpResponse<String> rotated = send(browser, POST("/apps/team-app/secret", Map.of("_csrf", csrf(confirm))));
        assertThat(location(rotated)).isEqualTo(base + "/apps/team-app");
        assertThat(page(browser, "/apps/team-app").select("#client-secret").text()).isEqualTo(secret);
        assertThat(send(browser, GET("/apps/team-app")).body()).doesNotContain(secret);
    }

    @Test
    void aPostWithoutTheCsrfToken_isRefused_andNothingIsCalled() throws Exception {
        HttpClient browser = signIn("team-token");
        int calls = broker.server.findAll(anyRequestedFor(urlPathMatching("/admin/api/apps/team-app/.*"))).size();

        HttpResponse<String> forged = send(browser, POST("/apps/team-app/disable", Map.of()));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(Accessibility.check(forged.body()).select("h1").text()).isEqualTo("The form could not be sent");
        HttpResponse<String> wrongToken = send(browser, POST("/apps/team-app/disable", Map.of("_csrf", "not-the-token")));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(broker.server.findAll(anyRequestedFor(urlPathMatching("/admin/api/apps/team-app/.*")))).hasSize(calls);
    }

    // --- A passkey sign-in ---

    @Test
    void whenTheApiWantsAPasskeySignIn_theConsoleSignsInAgainWithAcrValues_thenExplains() throws Exception {
        broker.server.stubFor(get("/admin/api/me").withHeader("Authorization", equalTo("Bearer password-token"))
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Bearer error=\"insufficient_user_authentication\", "
                        + "error_description=\"a passkey sign-in is required for the admin API\", acr_values=\"urn:test:passkey\"")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": \"insufficient_user_authentication\", \"error_description\": \"a passkey sign-in is required\"}")));
        HttpClient browser = signIn("password-token");

        HttpResponse<String> home = send(browser, GET("/"));
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(location(home)).isEqualTo(base + "/oauth2/authorization/civicid?step_up");
        HttpResponse<String> authorize = send(browser, GET("/oauth2/authorization/civicid?step_up"));
        Map<String, String> query = query(location(authorize));
        assertThat(query).containsEntry("acr_values", "urn:test:passkey").containsEntry("prompt", "login")
                .containsEntry("client_id", FakeBroker.CLIENT_ID).containsKey("code_challenge");

        // Signed in again, still without a passkey: a page that says what to do, not another redirect.
        finishSignIn(browser, query, "password-token");
        HttpResponse<String> still = send(browser, GET("/"));
        assertThat(still.statusCode()).isEqualTo(401);
        Document page = Accessibility.check(still.body());
        assertThat(page.select("h1").text()).isEqualTo("Sign in with a passkey to use the admin console");
        assertThat(page.select("a[href=" + broker.issuer + "/account]")).hasSize(1);
        assertThat(page.select("a[href=/oauth2/authorization/civicid?step_up=]")).hasSize(1);
    }

    @Test
    void whenTheBrokerCannotGiveAPasskeySignIn_thePersonIsToldHowToAddOne() throws Exception {
        HttpClient browser = browser();
        send(browser, GET("/"));
        Map<String, String> authorize = query(location(send(browser, GET("/oauth2/authorization/civicid"))));

        HttpResponse<String> callback = send(browser, GET("/login/oauth2/code/civicid?error=unmet_authentication_requirements&state="
                + URLEncoder.encode(authorize.get("state"), StandardCharsets.UTF_8)));
        assertThat(location(callback)).isEqualTo(base + "/passkey-needed");
        Document page = Accessibility.check(send(browser, GET("/passkey-needed")).body());
        assertThat(page.text()).contains("Add a passkey", "your CivicID account page");
    }

    // --- Welsh ---

    @Test
    void pagesAreInWelsh_whenChosen() throws Exception {
        HttpClient browser = signIn("team-token");

        Document home = page(browser, "/?lang=cy");
        assertThat(home.selectFirst("html").attr("lang")).isEqualTo("cy");
        assertThat(home.select("h1").text()).isEqualTo("Consol gweinyddu CivicID");
        assertThat(home.select("nav.navigation a").text()).isEqualTo("Eich apiau");
        assertThat(home.select("a[hreflang=en]").text()).isEqualTo("English");
        // The choice is remembered; the app's Welsh name is used.
        Document apps = page(browser, "/apps");
        assertThat(apps.select("tbody th a").text()).isEqualTo("Trwyddedau parcio");
        Document form = page(browser, "/apps/new");
        assertThat(form.select("label[for=nameEn]").text()).isEqualTo("Enw yn Saesneg");
        Document refused = Accessibility.check(send(browser, POST("/apps", Map.of("_csrf", csrf(form), "nameEn", "",
                "kind", "web", "redirectUris", "https://x.example/cb"))).body());
        assertThat(refused.select(".error-summary h2").text()).isEqualTo("Mae problem wedi codi");
        assertThat(refused.select(".error-summary a").text()).isEqualTo("Rhowch enw'r ap yn Saesneg");
        page(browser, "/?lang=en");
    }

    @Test
    void signedOutPage_isPublic_andInBothLanguages() throws Exception {
        Document english = Accessibility.check(send(browser(), GET("/signed-out")).body());
        assertThat(english.select("h1").text()).isEqualTo("You have signed out");
        Document welsh = Accessibility.check(send(browser(), GET("/signed-out?lang=cy")).body());
        assertThat(welsh.select("h1").text()).isEqualTo("Rydych wedi allgofnodi");
    }

    @Test
    void signingOut_signsOutAtTheBrokerToo() throws Exception {
        HttpClient browser = signIn("team-token");
        Document home = page(browser, "/");

        HttpResponse<String> signOut = send(browser, POST("/logout", Map.of("_csrf", csrf(home))));
        assertThat(location(signOut)).startsWith(broker.issuer + "/connect/logout?");
        assertThat(query(location(signOut))).containsEntry("post_logout_redirect_uri", base + "/signed-out").containsKey("id_token_hint");
        assertThat(send(browser, GET("/")).statusCode()).isEqualTo(302);
    }

    @Test
    void pagesAllowNoInlineScriptOrStyle() throws Exception {
        HttpResponse<String> page = send(browser(), GET("/signed-out"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self' " + broker.issuer)
                .doesNotContain("unsafe-inline"));
    }

    // --- Administrators' pages ---

    @Nested
    class AdministratorPages {

        @Test
        void upstreams_addOne_withTheApisFieldError_thenTestItsConnection() throws Exception {
            broker.server.stubFor(post("/admin/api/upstreams").withHeader("Authorization", equalTo(ADMIN))
                    .withRequestBody(equalToJson("{\"id\": \"nhs\"}", true, true))
                    .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                            {"error": "invalid_request", "error_description": "the upstream is not valid",
                             "fields": [{"field": "issuer", "message": "must be an https URL"}]}""")));
            HttpClient browser = signIn("admin-token");

            Document list = page(browser, "/upstreams");
            assertThat(list.select("tbody th a").text()).isEqualTo("Council staff");
            Document form = page(browser, "/upstreams/new");
            assertThat(form.select("#clientSecret").attr("type")).isEqualTo("password");
            Map<String, String> fields = new LinkedHashMap<>(Map.of("_csrf", csrf(form), "id", "nhs", "nameEn", "NHS login",
                    "issuer", "http://nhs.example", "clientId", "civicid", "clientAuthentication", "client_secret_basic",
                    "clientSecret", "upstream-secret", "scopes", "openid email", "claims", "email=email"));
            fields.putAll(Map.of("acr", "http://eidas.europa.eu/LoA/substantial", "amr", "pwd", "algorithms", "RS256", "userinfo", "always"));
            Document refused = Accessibility.check(send(browser, POST("/upstreams", fields)).body());
            assertThat(refused.select(".error-summary a[href=#issuer]").text()).isEqualTo("must be an https URL");
            assertThat(refused.select("#issuer-error").text()).contains("must be an https URL");
            assertThat(refused.select("#clientSecret").val()).as("a secret is never sent back to the browser").isEmpty();
            assertThat(broker.server.findAll(postRequestedFor(urlPathEqualTo("/admin/api/upstreams")).withRequestBody(equalToJson("""
                    {"id": "nhs", "display_name": {"en": "NHS login"}, "issuer": "http://nhs.example", "client_id": "civicid",
                     "client_authentication": "client_secret_basic", "client_secret": "upstream-secret", "scopes": ["openid", "email"],
                     "claims": {"email": "email"}, "acr": "http://eidas.europa.eu/LoA/substantial", "amr": ["pwd"],
                     "algorithms": ["RS256"], "userinfo": "always", "profile": "generic"}""", true, false)))).hasSize(1);

            api(get("/admin/api/upstreams/council"), ADMIN, 200, """
                    {"id": "council", "display_name": {"en": "Council staff"}, "issuer": "https://login.council.example",
                     "client_id": "civicid", "client_authentication": "client_secret_basic", "scopes": ["openid"],
                     "acr": "http://eidas.europa.eu/LoA/low", "algorithms": ["RS256"], "userinfo": "auto", "enabled": true,
                     "source": "registered", "has_client_secret": true,
                     "redirect_uri": "https://id.council.example/signin/callback/council",
                     "backchannel_logout_uri": "https://id.council.example/signin/backchannel-logout/council",
                     "post_logout_redirect_uri": "https://id.council.example/signin/signed-out/council"}""");
            api(post("/admin/api/upstreams/council/test"), ADMIN, 200, """
                    {"ok": false, "checks": [{"name": "discovery", "ok": true, "detail": "found the discovery document"},
                     {"name": "jwks", "ok": false, "detail": "the JWKS has no RS256 key"}]}""");
            Document upstream = page(browser, "/upstreams/council");
            // What to register at the upstream, as the broker says; no client JWKS URL when the broker's keys do not sign for it.
            assertThat(upstream.select("dl.summary code").eachText()).contains("https://id.council.example/signin/callback/council",
                    "https://id.council.example/signin/backchannel-logout/council",
                    "https://id.council.example/signin/signed-out/council").noneMatch(t -> t.endsWith("/signin/client-jwks"));
            assertThat(upstream.text()).contains("When the ID token lacks a claim the broker reads");
            HttpResponse<String> tested = send(browser, POST("/upstreams/council/test", Map.of("_csrf", csrf(upstream))));
            assertThat(location(tested)).isEqualTo(base + "/upstreams/council");
            Document result = page(browser, "/upstreams/council");
            assertThat(result.select(".result-panel h2").text()).isEqualTo("The connection does not work");
            assertThat(result.select(".result-panel tbody tr").eachText())
                    .containsExactly("discovery Passed found the discovery document", "jwks Failed the JWKS has no RS256 key");
        }

        /** An upstream's identity proving is shown, and a change through the form sends it back, so the change keeps it. */
        @Test
        void anUpstreamsIdentityProving_isShown_andKeptByAChange() throws Exception {
            api(get("/admin/api/upstreams/gov-uk"), ADMIN, 200, """
                    {"id": "gov-uk", "display_name": {"en": "GOV.UK One Login"}, "issuer": "https://oidc.account.gov.uk/",
                     "client_id": "civicid", "client_authentication": "private_key_jwt", "scopes": ["openid", "email"],
                     "acr": "http://eidas.europa.eu/LoA/low", "algorithms": ["ES256"], "userinfo": "auto", "enabled": true,
                     "profile": "gov-uk-one-login", "vtr": ["Cl.Cm"],
                     "identity": {"issuer": "https://identity.account.gov.uk/", "vtr": ["P2.Cl.Cm"], "claims": ["coreIdentityJWT", "address"]},
                     "source": "registered", "has_client_secret": false,
                     "redirect_uri": "https://id.council.example/signin/callback/gov-uk"}""");
            broker.server.stubFor(put("/admin/api/upstreams/gov-uk").withHeader("Authorization", equalTo(ADMIN))
                    .willReturn(okJson("{\"id\": \"gov-uk\"}")));
            HttpClient browser = signIn("admin-token");

            Document upstream = page(browser, "/upstreams/gov-uk");
            assertThat(upstream.select("dl.summary code").eachText()).contains("P2.Cl.Cm", "https://identity.account.gov.uk/",
                    "coreIdentityJWT address");
            Document form = Accessibility.check(send(browser, GET("/upstreams/gov-uk/edit")).body());
            assertThat(form.select("#identityVtr").val()).isEqualTo("P2.Cl.Cm");
            Map<String, String> fields = new LinkedHashMap<>();
            form.select("form input[name], form select[name]").forEach(field -> fields.put(field.attr("name"),
                    field.tagName().equals("select") ? field.select("option[selected]").val() : field.val()));
            form.select("form textarea[name]").forEach(field -> fields.put(field.attr("name"), field.text()));
            send(browser, POST("/upstreams/gov-uk", fields));

            assertThat(broker.server.findAll(putRequestedFor(urlPathEqualTo("/admin/api/upstreams/gov-uk")).withRequestBody(equalToJson("""
                    {"profile": "gov-uk-one-login", "identity": {"issuer": "https://identity.account.gov.uk/", "vtr": ["P2.Cl.Cm"],
                     "claims": ["coreIdentityJWT", "address"]}}""", true, true)))).hasSize(1);
        }

        /** An Entra ID upstream's tenants and role mapping are shown, and a change through the form sends them back, so it keeps them. */
        @Test
        void anEntraUpstreamsTenantsAndRoles_areShown_andKeptByAChange() throws Exception {
            api(get("/admin/api/upstreams/staff"), ADMIN, 200, """
                    {"id": "staff", "display_name": {"en": "Council staff"}, "issuer": "https://login.microsoftonline.com/organizations/v2.0",
                     "client_id": "civicid", "client_authentication": "client_secret_basic", "scopes": ["openid", "profile", "email"],
                     "acr": "http://eidas.europa.eu/LoA/low", "algorithms": ["RS256"], "userinfo": "never", "enabled": true,
                     "profile": "entra-id", "allowed_tenants": ["8eaef023-2b34-4da1-9baa-8bc8c9d6a490"],
                     "roles": {"Cases.Read": "caseworker"}, "source": "registered", "has_client_secret": true,
                     "redirect_uri": "https://id.council.example/signin/callback/staff"}""");
            broker.server.stubFor(put("/admin/api/upstreams/staff").withHeader("Authorization", equalTo(ADMIN))
                    .willReturn(okJson("{\"id\": \"staff\"}")));
            HttpClient browser = signIn("admin-token");

            Document upstream = page(browser, "/upstreams/staff");
            assertThat(upstream.select("dl.summary code").eachText()).contains("8eaef023-2b34-4da1-9baa-8bc8c9d6a490", "Cases.Read=caseworker");
            assertThat(upstream.text()).contains("Microsoft Entra ID");
            Document form = Accessibility.check(send(browser, GET("/upstreams/staff/edit")).body());
            assertThat(form.select("#profile option[selected]").val()).isEqualTo("entra-id");
            Map<String, String> fields = new LinkedHashMap<>();
            form.select("form input[name], form select[name]").forEach(field -> fields.put(field.attr("name"),
                    field.tagName().equals("select") ? field.select("option[selected]").val() : field.val()));
            form.select("form textarea[name]").forEach(field -> fields.put(field.attr("name"), field.text()));
            send(browser, POST("/upstreams/staff", fields));

            assertThat(broker.server.findAll(putRequestedFor(urlPathEqualTo("/admin/api/upstreams/staff")).withRequestBody(equalToJson("""
                    {"profile": "entra-id", "allowed_tenants": ["8eaef023-2b34-4da1-9baa-8bc8c9d6a490"],
                     "roles": {"Cases.Read": "caseworker"}}""", true, true)))).hasSize(1);
        }

        @Test
        void registrationToken_isShownOnceAfterItIsMade() throws Exception {
            broker.server.stubFor(post("/admin/api/initial-access-tokens").withHeader("Authorization", equalTo(ADMIN))
                    .withRequestBody(equalToJson("{\"expires_in\": 604800}"))
                    .willReturn(okJson("{\"initial_access_token\": \"iat-secret-1\", \"expires_at\": \"2026-12-08T07:00:00Z\"}")));
            HttpClient browser = signIn("admin-token");

            Document form = page(browser, "/apps/registration-token");
            HttpResponse<String> made = send(browser, POST("/apps/registration-token", Map.of("_csrf", csrf(form), "lifetime", "WEEK")));
            assertThat(location(made)).isEqualTo(base + "/apps/registration-token/made").doesNotContain("iat-secret-1");
            Document shown = page(browser, "/apps/registration-token/made");
            assertThat(shown.select("#registration-token").text()).isEqualTo("iat-secret-1");
            assertThat(shown.text()).contains(broker.issuer + "/connect/register", "8 December 2026");
            HttpResponse<String> again = send(browser, GET("/apps/registration-token/made"));
            assertThat(location(again)).isEqualTo(base + "/apps/registration-token");
        }

        @Test
        void people_findAPerson_andEndTheirSessionsAfterConfirming() throws Exception {
            api(get(urlPathEqualTo("/admin/api/people")).withQueryParam("q", equalTo("jo+bloggs@council.example")), ADMIN, 200,
                    "{\"people\": [{\"id\": \"acct-jo\", \"name\": \"Jo Bloggs\", \"email\": \"jo@council.example\", \"disabled\": false}]}");
            api(get("/admin/api/people/acct-jo"), ADMIN, 200, """
                    {"id": "acct-jo", "name": "Jo Bloggs", "email": "jo@council.example", "email_verified": true, "disabled": false,
                     "created_at": "2026-11-01T09:00:00Z",
                     "links": [{"upstream_id": "council", "subject": "jo-123", "linked_at": "2026-11-01T09:00:00Z", "last_used_at": null}],
                     "passkeys": [{"id": "pk-1", "label": "Work laptop", "created_at": "2026-11-02T09:00:00Z", "last_used_at": "2026-11-30T09:00:00Z"}]}""");
            api(post("/admin/api/people/acct-jo/revoke-sessions"), ADMIN, 200, "{\"sessions_ended\": 2, \"authorizations_revoked\": 3}");
            HttpClient browser = signIn("admin-token");

            Document results = page(browser, "/people?q=jo%2Bbloggs%40council.example");
            assertThat(results.select("tbody th a").attr("href")).isEqualTo("/people/acct-jo");
            Document person = page(browser, "/people/acct-jo");
            assertThat(person.select("h1").text()).isEqualTo("Jo Bloggs");
            assertThat(person.text()).contains("jo-123", "Work laptop", "1 November 2026");
            assertThat(person.select("a[href=/people/acct-jo/passkeys/pk-1/remove]")).hasSize(1);

            Document confirm = page(browser, "/people/acct-jo/revoke-sessions");
            assertThat(confirm.select("h1").text()).isEqualTo("End all of this person's sessions?");
            assertThat(broker.server.findAll(postRequestedFor(urlPathEqualTo("/admin/api/people/acct-jo/revoke-sessions")))).isEmpty();
            HttpResponse<String> ended = send(browser, POST("/people/acct-jo/revoke-sessions", Map.of("_csrf", csrf(confirm))));
            assertThat(location(ended)).isEqualTo(base + "/people/acct-jo");
            assertThat(page(browser, "/people/acct-jo").text()).contains("2 sessions ended, 3 grants of tokens revoked.");
        }

        @Test
        void signingKeys_rotateOnlyAfterAConfirmationThatExplains() throws Exception {
            api(get("/admin/api/signing-keys"), ADMIN, 200, """
                    {"keys": [{"kid": "k2", "alg": "ES256", "created_at": "2026-11-30T00:00:00Z", "state": "signing", "retire_after": null},
                              {"kid": "k1", "alg": "ES256", "created_at": "2026-09-01T00:00:00Z", "state": "published", "retire_after": "2026-12-01T08:00:00Z"}]}""");
            api(post("/admin/api/signing-keys/rotate"), ADMIN, 200, "{\"keys\": []}");
            HttpClient browser = signIn("admin-token");

            Document keys = page(browser, "/signing-keys");
            assertThat(keys.select("tbody tr").eachText()).hasSize(2).first().asString().contains("k2", "Signs new tokens");
            Document confirm = page(browser, "/signing-keys/rotate");
            assertThat(confirm.text()).contains("Nobody is signed out", "stays published");
            HttpResponse<String> rotated = send(browser, POST("/signing-keys/rotate", Map.of("_csrf", csrf(confirm))));
            assertThat(location(rotated)).isEqualTo(base + "/signing-keys");
            assertThat(page(browser, "/signing-keys").select(".banner").text()).contains("A new key now signs tokens");
        }

        @Test
        void auditLog_filtersPagesWithTheCursor_andShowsBeforeAndAfter() throws Exception {
            broker.server.stubFor(get(urlPathEqualTo("/admin/api/audit")).withHeader("Authorization", equalTo(ADMIN))
                    .withQueryParam("client", equalTo("team-app")).withQueryParam("from", equalTo("2026-11-30T00:00:00Z"))
                    .withQueryParam("to", equalTo("2026-12-01T00:00:00Z")).withQueryParam("limit", equalTo("50"))
                    .willReturn(okJson("""
                            {"events": [{"id": "e2", "at": "2026-11-30T12:00:00Z", "type": "APP_CHANGED", "account_id": "acct-admin",
                              "client_id": "team-app", "upstream_id": null, "details": {"target": "app",
                              "before": "{\\"client_name\\":\\"Parking\\",\\"require_passkey\\":false}",
                              "after": "{\\"client_name\\":\\"Parking permits\\",\\"require_passkey\\":false}"}}],
                             "next": "cursor-2"}""")));
            broker.server.stubFor(get(urlPathEqualTo("/admin/api/audit")).withHeader("Authorization", equalTo(ADMIN))
                    .withQueryParam("before", equalTo("cursor-2"))
                    .willReturn(okJson("{\"events\": [], \"next\": null}")));
            HttpClient browser = signIn("admin-token");

            Document log = page(browser, "/audit?client=team-app&from=2026-11-30&to=2026-11-30");
            assertThat(log.select(".event-title code").text()).isEqualTo("APP_CHANGED");
            assertThat(log.select("table.changes tbody tr").eachText()).containsExactly("client_name Parking Parking permits");
            String older = log.select("a[rel=next]").attr("href");
            assertThat(older).contains("before=cursor-2", "client=team-app");
            Document last = page(browser, older);
            assertThat(last.text()).contains("No events match.");
            assertThat(last.select("a[rel=next]")).isEmpty();
            assertThat(last.select(".pagination a").text()).isEqualTo("Newest events");

            broker.server.stubFor(get(urlPathEqualTo("/admin/api/audit")).withHeader("Authorization", equalTo(ADMIN))
                    .withQueryParam("type", equalTo("NO_SUCH_TYPE"))
                    .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                            {"error": "invalid_request", "error_description": "invalid", "fields": [{"field": "type", "message": "not an audit event type"}]}""")));
            Document wrongType = page(browser, "/audit?type=NO_SUCH_TYPE");
            assertThat(wrongType.select(".error-summary a[href=#type]").text()).isEqualTo("not an audit event type");
            assertThat(wrongType.select("#type").val()).isEqualTo("NO_SUCH_TYPE");

            Document wrongDate = page(browser, "/audit?from=30/11/2026");
            assertThat(wrongDate.select(".error-summary a[href=#from]").text()).isEqualTo("Enter a real date, for example 2026-12-01");
        }
    }

    // --- Helpers ---

    /** Signs in through the fake broker; the admin API will see this access token. */
    static HttpClient signIn(String accessToken) throws Exception {
        HttpClient browser = browser();
        send(browser, GET("/"));
        Map<String, String> authorize = query(location(send(browser, GET("/oauth2/authorization/civicid"))));
        finishSignIn(browser, authorize, accessToken);
        return browser;
    }

    static void finishSignIn(HttpClient browser, Map<String, String> authorize, String accessToken) throws Exception {
        assertThat(authorize).containsEntry("scope", "openid profile civicid.admin civicid.apps")
                .containsEntry("code_challenge_method", "S256").containsEntry("redirect_uri", base + "/login/oauth2/code/civicid");
        String code = UUID.randomUUID().toString();
        broker.willRedeem(code, authorize.get("nonce"), "person-" + accessToken, accessToken);
        HttpResponse<String> callback = send(browser, GET("/login/oauth2/code/civicid?code=" + code
                + "&state=" + URLEncoder.encode(authorize.get("state"), StandardCharsets.UTF_8)));
        assertThat(callback.statusCode()).as("signed in").isEqualTo(302);
        assertThat(location(callback)).doesNotContain("error");
    }

    static Document page(HttpClient browser, String path) throws Exception {
        HttpResponse<String> response = send(browser, GET(path));
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return Accessibility.check(response.body());
    }

    static String csrf(Document page) {
        String token = page.select("input[name=_csrf]").val();
        assertThat(token).as("CSRF field on the page").isNotBlank();
        return token;
    }

    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    static HttpRequest.Builder GET(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    static HttpRequest.Builder POST(String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("no redirect: " + response.statusCode() + " " + response.uri()));
        return response.uri().resolve(location).toString();
    }

    static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        if (url.indexOf('?') < 0) {
            return params;
        }
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
