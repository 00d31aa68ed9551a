package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.civicid.broker.testsupport.TestBroker.query;
import static uk.civicid.broker.testsupport.TestBroker.s256;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/** The federated sign-in through real HTTP: an app → the broker → an upstream on WireMock → back, and the attacks refused. */
class FederatedSignInTest {

    static final String APP_REDIRECT = "http://127.0.0.1:9/callback";
    static FakeUpstream upstream;
    static TestBroker broker;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        broker = TestBroker.start(TestUpstream.properties(Map.of(
                "civicid.clients[0].client-id", "mobile-app",
                "civicid.clients[0].name.en", "Mobile app",
                "civicid.clients[0].redirect-uris[0]", APP_REDIRECT),
                TestUpstream.of(upstream, "council").named("Council staff").acr("http://eidas.europa.eu/LoA/substantial").amr("pwd")));
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
    }

    @AfterEach
    void behave() {
        upstream.behave();
    }

    @Test
    void publicApp_signsInThroughUpstream_andGetsBrokerClaims() throws Exception {
        String subject = "person-" + UUID.randomUUID();
        upstream.signInAs(FakeUpstream.Persona.of(subject, subject + "@example.org", "Test Person"));
        Browser browser = new Browser();
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        Browser.Page atApp = browser.follow(browser.get(authorize(verifier, "n-1")), uri -> uri.toString().startsWith(APP_REDIRECT));
        Map<String, String> params = query(atApp.next());
        // RFC 9207: the answer names the broker, so an app using several providers can tell who answered.
        assertThat(params).containsEntry("state", "st-1").containsEntry("iss", broker.issuer().toString()).containsKey("code");

        Map<String, Object> tokens = token(params.get("code"), verifier);
        JWTClaimsSet idToken = SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet();
        assertThat(idToken.getIssuer()).isEqualTo(broker.issuer().toString());
        assertThat(idToken.getSubject()).isNotBlank().doesNotContain(subject);
        assertThat(idToken.getStringClaim("nonce")).isEqualTo("n-1");
        assertThat(idToken.getStringClaim("acr")).isEqualTo("http://eidas.europa.eu/LoA/substantial");
        assertThat(idToken.getStringListClaim("amr")).containsExactly("fed", "pwd");
        assertThat(idToken.getStringClaim("sid")).isNotBlank();
        assertThat(idToken.getClaim("auth_time")).isNotNull();
        assertThat(upstream.lastAuthorizationRequest()).containsEntry("code_challenge_method", "S256").containsKey("nonce");

        // The same person again gets the same broker subject.
        Browser second = new Browser();
        String verifier2 = UUID.randomUUID() + "-x";
        Browser.Page again = second.follow(second.get(authorize(verifier2, "n-2")), uri -> uri.toString().startsWith(APP_REDIRECT));
        JWTClaimsSet idToken2 = SignedJWT.parse((String) token(query(again.next()).get("code"), verifier2).get("id_token")).getJWTClaimsSet();
        assertThat(idToken2.getSubject()).isEqualTo(idToken.getSubject());
    }

    /** Each forged or wrong upstream answer ends on an error page a person can act on, never a 500 (RFC 9700 §4.7, OIDC Core §3.1.3.7). */
    @ParameterizedTest
    @EnumSource(value = FakeUpstream.Misbehaviour.class)
    void upstreamMisbehaviour_isRefused_withAnErrorPage(FakeUpstream.Misbehaviour misbehaviour) {
        upstream.misbehave(misbehaviour);
        Browser browser = new Browser();
        Browser.Page end = browser.follow(browser.get(authorize("v-" + UUID.randomUUID(), "n")), uri -> uri.toString().startsWith(APP_REDIRECT));
        assertThat(end.status()).isEqualTo(400);
        assertThat(end.body()).contains("Start again");
        assertThat(end.location()).isNull();
    }

    /**
     * The person cancels at the upstream (RFC 6749 §4.1.2.1 access_denied), or it is unavailable for now: back to the
     * choice of login, told what happened, and not sent straight back to the upstream even when it is the only login.
     */
    @ParameterizedTest
    @CsvSource({"access_denied, You did not finish signing in with Council staff",
            "temporarily_unavailable, Council staff is not working at the moment"})
    void anUpstreamError_withoutIdpHint_returnsThePersonToTheChoiceOfLogin_sayingWhatHappened(String error, String message) {
        upstream.answerWithError(error);
        Browser browser = new Browser();

        Browser.Page end = browser.follow(browser.get(authorize("v-" + UUID.randomUUID(), "n")), uri -> uri.toString().startsWith(APP_REDIRECT));

        assertThat(end.uri().getPath()).isEqualTo("/signin");
        assertThat(end.status()).isEqualTo(200);
        assertThat(end.body()).contains(message).contains("/signin/council");
        AuditEvent failed = broker.bean(AuditLog.class).recent(10).stream().filter(e -> e.type() == AuditEventType.SIGN_IN_FAILED)
                .findFirst().orElseThrow();
        assertThat(failed.details()).containsEntry("error", error);
    }

    /** An app that fixed the upstream with idp_hint hears the upstream's error itself, with its state and iss (RFC 9207). */
    @ParameterizedTest
    @ValueSource(strings = {"access_denied", "temporarily_unavailable", "login_required"})
    void anUpstreamError_withIdpHint_reachesTheApp(String error) {
        upstream.answerWithError(error);
        Browser browser = new Browser();
        URI request = UriComponentsBuilder.fromUri(authorize("v-" + UUID.randomUUID(), "n")).queryParam("idp_hint", "council").build(true).toUri();

        Browser.Page end = browser.follow(browser.get(request), uri -> uri.toString().startsWith(APP_REDIRECT));

        assertThat(query(end.next())).containsEntry("error", error).containsEntry("state", "st-1")
                .containsEntry("iss", broker.issuer().toString()).doesNotContainKey("code");
    }

    /** Any other error from the upstream is the broker's or its configuration's fault: the error page, as before. */
    @Test
    void anotherUpstreamError_endsOnTheErrorPage() {
        upstream.answerWithError("invalid_request");
        Browser browser = new Browser();

        Browser.Page end = browser.follow(browser.get(authorize("v-" + UUID.randomUUID(), "n")), uri -> uri.toString().startsWith(APP_REDIRECT));

        assertThat(end.status()).isEqualTo(400);
        assertThat(end.location()).isNull();
    }

    /** RFC 8252 §7.3: a native (public) app's loopback redirect URI may come back on any port, picked when it runs. */
    @Test
    void aPublicApp_mayUseItsLoopbackRedirectUri_onAnotherPort() {
        upstream.signInAs(FakeUpstream.Persona.of("native-" + UUID.randomUUID(), "native@example.org", "Nat Ive"));
        String otherPort = APP_REDIRECT.replace(":9/", ":49152/");
        URI request = UriComponentsBuilder.fromUri(authorize("v-" + UUID.randomUUID(), "n")).replaceQueryParam("redirect_uri", otherPort)
                .build(true).toUri();

        Browser browser = new Browser();
        Browser.Page end = browser.follow(browser.get(request), uri -> uri.toString().startsWith(otherPort));

        assertThat(end.location()).startsWith(otherPort).contains("code=");
    }

    @Test
    void replayedState_isRefused() {
        Browser browser = new Browser();
        Browser.Page callback = browser.follow(browser.get(authorize("v-" + UUID.randomUUID(), "n")),
                uri -> uri.getPath().startsWith("/signin/callback"));
        URI callbackUri = callback.next();
        assertThat(browser.get(callbackUri).status()).isEqualTo(302);
        Browser.Page replay = browser.get(callbackUri);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body()).contains("expired");
    }

    @Test
    void mismatchedRedirectUri_isRefused_withoutRedirect() {
        URI evil = UriComponentsBuilder.fromUri(authorize("v", "n")).replaceQueryParam("redirect_uri", "http://127.0.0.1:9/evil")
                .encode().build().toUri();
        Browser.Page page = new Browser().get(evil);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.location()).isNull();
    }

    @Test
    void publicClient_withoutPkce_isRefused() {
        URI uri = UriComponentsBuilder.fromUri(broker.uri("/oauth2/authorize"))
                .queryParam("response_type", "code").queryParam("client_id", "mobile-app")
                .queryParam("redirect_uri", APP_REDIRECT).queryParam("scope", "openid").queryParam("state", "s")
                .encode().build().toUri();
        Browser.Page page = new Browser().get(uri);
        assertThat(page.status()).isEqualTo(302);
        assertThat(query(page.next())).containsEntry("error", "invalid_request").containsEntry("state", "s")
                .containsEntry("iss", broker.issuer().toString());
    }

    @Test
    void reusedAuthorizationCode_isRefused() throws Exception {
        Browser browser = new Browser();
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        Browser.Page atApp = browser.follow(browser.get(authorize(verifier, "n")), uri -> uri.toString().startsWith(APP_REDIRECT));
        String code = query(atApp.next()).get("code");
        assertThat(token(code, verifier)).containsKey("access_token");
        assertThat(token(code, verifier)).containsEntry("error", "invalid_grant");
    }

    /** A request id from outside is kept only when it is a plain token, so it cannot forge log lines. */
    @Test
    void correlationId_isEchoed_andAForgedOneIsReplaced() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Void> plain = http.send(HttpRequest.newBuilder(broker.uri("/signed-out")).header("X-Request-Id", "lb-12345678").build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(plain.headers().firstValue("X-Request-Id")).contains("lb-12345678");
        HttpResponse<Void> forged = http.send(HttpRequest.newBuilder(broker.uri("/signed-out"))
                .header("X-Request-Id", "x level=INFO event=SIGNED_IN").build(), HttpResponse.BodyHandlers.discarding());
        assertThat(forged.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[A-Za-z0-9_-]{43}"));
    }

    static URI authorize(String verifier, String nonce) {
        return UriComponentsBuilder.fromUri(broker.uri("/oauth2/authorize"))
                .queryParam("response_type", "code").queryParam("client_id", "mobile-app")
                .queryParam("redirect_uri", APP_REDIRECT).queryParam("scope", "openid profile")
                .queryParam("state", "st-1").queryParam("nonce", nonce)
                .queryParam("code_challenge", s256(verifier)).queryParam("code_challenge_method", "S256")
                .encode().build().toUri();
    }

    static Map<String, Object> token(String code, String verifier) {
        return broker.post("/oauth2/token", Map.of("grant_type", "authorization_code", "client_id", "mobile-app", "code", code,
                "redirect_uri", APP_REDIRECT, "code_verifier", verifier), "mobile-app", null).body();
    }
}
