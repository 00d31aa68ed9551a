package uk.civicid.sample;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The sample app, started as in production, against a fake broker on 127.0.0.1. */
class SampleApplicationTest {

    static FakeBroker broker;
    static ConfigurableApplicationContext app;
    static String base;
    /** No cookies, no redirects followed: like a script calling the app. */
    static final HttpClient plain = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        broker = new FakeBroker();
        app = SampleApplication.builder().run("--server.port=0", "--BROKER_ISSUER=" + broker.issuer);
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    // --- The API ---

    @Test
    void apiAcceptsTheBrokersAccessToken() throws Exception {
        String token = broker.sign(FakeBroker.AT_JWT, broker.accessTokenClaims("user-123"));

        HttpResponse<String> response = send(plain, GET("/api/me").header("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"subject\":\"user-123\"", "\"clientId\":\"council-tax\"",
                "\"scope\":\"openid profile email\"", "\"issuer\":\"" + broker.issuer + "\"");
    }

    @Test
    void apiRefusesATokenFromAnotherIssuerEvenSignedWithTheRightKey() throws Exception {
        assertRefused(broker.sign(FakeBroker.AT_JWT, broker.accessTokenClaims("user-123").issuer("http://127.0.0.1:1")));
    }

    @Test
    void apiRefusesATokenSignedByAnUnknownKey() throws Exception {
        assertRefused(FakeBroker.sign(FakeBroker.newKey("attacker-key"), FakeBroker.AT_JWT, broker.accessTokenClaims("user-123")));
        // Same key id as the broker's, different key: the signature must still fail.
        assertRefused(FakeBroker.sign(FakeBroker.newKey("broker-key"), FakeBroker.AT_JWT, broker.accessTokenClaims("user-123")));
    }

    @Test
    void apiRefusesATokenForAnotherApp() throws Exception {
        assertRefused(broker.sign(FakeBroker.AT_JWT, broker.accessTokenClaims("user-123").audience("another-app")));
    }

    @Test
    void apiRefusesATokenThatIsNotAnAccessToken() throws Exception {
        // An ID token (typ JWT, or none) must not work as an access token (RFC 9068 §4).
        assertRefused(broker.sign(JOSEObjectType.JWT, broker.accessTokenClaims("user-123")));
        assertRefused(broker.sign(null, broker.accessTokenClaims("user-123")));
    }

    @Test
    void apiRefusesAnExpiredToken() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        assertRefused(broker.sign(FakeBroker.AT_JWT, broker.accessTokenClaims("user-123")
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60)))));
    }

    @Test
    void apiRefusesARequestWithoutAToken() throws Exception {
        HttpResponse<String> response = send(plain, GET("/api/me"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    }

    private void assertRefused(String token) throws Exception {
        HttpResponse<String> response = send(plain, GET("/api/me").header("Authorization", "Bearer " + token));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }

    // --- Signing in ---

    @Test
    void signingInGoesStraightToTheBrokerWithPkceNonceStateAndTheExactRedirectUri() throws Exception {
        HttpClient browser = browser();

        HttpResponse<String> home = send(browser, GET("/"));
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(location(home)).isEqualTo(base + "/oauth2/authorization/civicid");
        // Each app on localhost has its own session cookie (browsers share cookies across ports).
        assertThat(home.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("RP_SESSION="));

        HttpResponse<String> start = send(browser, GET("/oauth2/authorization/civicid"));
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(location(start)).startsWith(broker.issuer + "/oauth2/authorize?");
        Map<String, String> query = query(location(start));
        assertThat(query).containsEntry("response_type", "code")
                .containsEntry("client_id", FakeBroker.CLIENT_ID)
                .containsEntry("scope", "openid profile email")
                .containsEntry("redirect_uri", base + "/login/oauth2/code/civicid")
                .containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "nonce", "code_challenge");
    }

    @Test
    void signedInPersonSeesTheirDetailsAndTheAppCallsItsApiWithTheirAccessToken() throws Exception {
        HttpClient browser = signIn("user-ann", "broker-session-1");

        String home = send(browser, GET("/")).body();
        assertThat(home).contains("Signed in as Ann Jones", "user-ann", "urn:civicid:loa:medium", "pwd, otp");

        HttpResponse<String> called = send(browser, POST("/call-api", "_csrf=" + csrf(home)));
        assertThat(called.statusCode()).isEqualTo(302);
        String result = send(browser, GET("/")).body();
        assertThat(result).contains("What the API saw", "&quot;subject&quot;:&quot;user-ann&quot;",
                "&quot;clientId&quot;:&quot;council-tax&quot;");
    }

    @Test
    void backChannelLogoutFromTheBrokerEndsTheSession() throws Exception {
        HttpClient browser = signIn("user-bob", "broker-session-2");
        assertThat(send(browser, GET("/")).statusCode()).isEqualTo(200);

        // A logout token that is wrong in one way is refused, and the session survives.
        String forAnotherApp = logoutToken("user-bob", "broker-session-2", c -> c.audience("another-app"));
        assertThat(send(plain, POST("/logout/connect/back-channel/civicid", "logout_token=" + forAnotherApp)).statusCode())
                .isEqualTo(400);
        String withNonce = logoutToken("user-bob", "broker-session-2", c -> c.claim("nonce", "n"));
        assertThat(send(plain, POST("/logout/connect/back-channel/civicid", "logout_token=" + withNonce)).statusCode())
                .isEqualTo(400);
        assertThat(send(browser, GET("/")).statusCode()).isEqualTo(200);

        // The broker's call carries no cookie and no CSRF token.
        String valid = logoutToken("user-bob", "broker-session-2", c -> {});
        HttpResponse<String> loggedOut = send(plain, POST("/logout/connect/back-channel/civicid", "logout_token=" + valid));
        assertThat(loggedOut.statusCode()).isEqualTo(200);

        HttpResponse<String> after = send(browser, GET("/"));
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(location(after)).isEqualTo(base + "/oauth2/authorization/civicid");
    }

    @Test
    void signingOutAlsoSignsOutAtTheBroker() throws Exception {
        HttpClient browser = signIn("user-cat", "broker-session-3");
        String home = send(browser, GET("/")).body();

        // Without the CSRF token, no sign-out.
        assertThat(send(browser, POST("/logout", "")).statusCode()).isEqualTo(403);

        HttpResponse<String> signOut = send(browser, POST("/logout", "_csrf=" + csrf(home)));
        assertThat(signOut.statusCode()).isEqualTo(302);
        assertThat(location(signOut)).startsWith(broker.issuer + "/connect/logout?");
        assertThat(query(location(signOut)))
                .containsEntry("post_logout_redirect_uri", base + "/signed-out")
                .containsKey("id_token_hint");
        assertThat(send(browser, GET("/")).statusCode()).isEqualTo(302);
    }

    // --- Public pages ---

    @Test
    void signedOutPageInEnglish() throws Exception {
        HttpResponse<String> page = send(browser(), GET("/signed-out"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"en\">", "You have signed out", "Sign in again",
                "href=\"/oauth2/authorization/civicid\"", "href=\"?lang=cy\"");
    }

    @Test
    void signedOutPageInWelsh() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> page = send(browser, GET("/signed-out?lang=cy"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"cy\">", "Rydych wedi allgofnodi", "Mewngofnodi eto",
                "href=\"/oauth2/authorization/civicid\"", "href=\"?lang=en\"");
        // The choice is remembered.
        assertThat(send(browser, GET("/signed-out")).body()).contains("Rydych wedi allgofnodi");
    }

    @Test
    void failedSignInSaysSoAndOffersToTryAgain() throws Exception {
        HttpResponse<String> page = send(browser(), GET("/signed-out?error"));

        assertThat(page.body()).contains("You have not been signed in", "href=\"/oauth2/authorization/civicid\"");
    }

    // --- Helpers ---

    /** Goes through the authorization code flow as a browser would, with the fake broker answering. */
    private HttpClient signIn(String subject, String brokerSessionId) throws Exception {
        HttpClient browser = browser();
        send(browser, GET("/"));
        Map<String, String> authorize = query(location(send(browser, GET("/oauth2/authorization/civicid"))));

        String code = UUID.randomUUID().toString();
        Instant now = Instant.now();
        String idToken = broker.sign(JOSEObjectType.JWT, new JWTClaimsSet.Builder()
                .issuer(broker.issuer).subject(subject).audience(FakeBroker.CLIENT_ID)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", authorize.get("nonce"))
                .claim("sid", brokerSessionId)
                .claim("auth_time", now.getEpochSecond())
                .claim("acr", "urn:civicid:loa:medium")
                .claim("amr", List.of("pwd", "otp")));
        String accessToken = broker.sign(FakeBroker.AT_JWT, broker.accessTokenClaims(subject));
        broker.server.stubFor(post("/oauth2/token")
                .withBasicAuth(FakeBroker.CLIENT_ID, FakeBroker.CLIENT_SECRET)
                .withRequestBody(containing("code=" + code))
                .willReturn(okJson(FakeBroker.json(Map.of("access_token", accessToken, "token_type", "Bearer",
                        "expires_in", 300, "scope", "openid profile email", "id_token", idToken)))));
        broker.server.stubFor(get("/userinfo").withHeader("Authorization", equalTo("Bearer " + accessToken))
                .willReturn(okJson(FakeBroker.json(Map.of("sub", subject, "name", nameOf(subject))))));

        HttpResponse<String> callback = send(browser, GET("/login/oauth2/code/civicid?code=" + code
                + "&state=" + URLEncoder.encode(authorize.get("state"), StandardCharsets.UTF_8)));
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(location(callback)).startsWith(base + "/");

        // PKCE: the verifier sent with the code matches the challenge sent to the authorization endpoint.
        String tokenRequest = broker.server.findAll(postRequestedFor(urlPathEqualTo("/oauth2/token"))
                .withRequestBody(containing("code=" + code))).get(0).getBodyAsString();
        String verifier = query("?" + tokenRequest).get("code_verifier");
        String challenge = Base64URL.encode(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII))).toString();
        assertThat(challenge).isEqualTo(authorize.get("code_challenge"));
        assertThat(query("?" + tokenRequest)).containsEntry("redirect_uri", base + "/login/oauth2/code/civicid");
        return browser;
    }

    private static String nameOf(String subject) {
        return Map.of("user-ann", "Ann Jones", "user-bob", "Bob Evans").getOrDefault(subject, "Cat Hughes");
    }

    private String logoutToken(String subject, String sid, java.util.function.Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(broker.issuer).subject(subject).audience(FakeBroker.CLIENT_ID)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", sid)
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        change.accept(claims);
        return broker.sign(FakeBroker.LOGOUT_JWT, claims);
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private static HttpRequest.Builder GET(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    private static HttpRequest.Builder POST(String path, String form) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow();
        return URI.create(response.uri().toString()).resolve(location).toString();
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = url.substring(url.indexOf('?') + 1);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("CSRF field on the page").isTrue();
        return URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
    }
}
