package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.civicid.broker.testsupport.TestBroker.query;
import static uk.civicid.broker.testsupport.TestBroker.s256;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/** {@code prompt=none}, {@code prompt=login} and {@code max_age} against an existing broker session (OIDC Core §3.1.2.1). */
class SignInPromptsTest {

    static final String APP_REDIRECT = "http://127.0.0.1:9/callback";
    static FakeUpstream upstream;
    static TestBroker broker;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.ES256);
        broker = TestBroker.start(TestUpstream.properties(Map.of(
                "civicid.clients[0].client-id", "mobile-app",
                "civicid.clients[0].name.en", "Mobile app",
                "civicid.clients[0].redirect-uris[0]", APP_REDIRECT),
                TestUpstream.of(upstream, "council").named("Council staff")));
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
    }

    @Test
    void promptNone_withoutSession_answersLoginRequired_atTheApp() {
        Browser browser = new Browser();
        Browser.Page page = browser.get(authorize(Map.of("prompt", "none"), "v-" + UUID.randomUUID()));
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).startsWith(APP_REDIRECT);
        assertThat(query(page.next())).containsEntry("error", "login_required").containsEntry("state", "st")
                .containsEntry("iss", broker.issuer().toString()).doesNotContainKey("code");
    }

    @Test
    void promptNone_withSession_issuesCode_withoutVisitingUpstream() throws Exception {
        Browser browser = new Browser();
        JWTClaimsSet first = signIn(browser, Map.of());
        int upstreamSignIns = upstream.tokenRequests();

        JWTClaimsSet silent = signIn(browser, Map.of("prompt", "none"));
        assertThat(silent.getSubject()).isEqualTo(first.getSubject());
        assertThat(silent.getStringClaim("sid")).isEqualTo(first.getStringClaim("sid"));
        assertThat(silent.getDateClaim("auth_time")).isEqualTo(first.getDateClaim("auth_time"));
        assertThat(upstream.tokenRequests()).isEqualTo(upstreamSignIns);
    }

    @Test
    void promptLogin_withSession_signsInAgainAtUpstream_andAsksUpstreamForAFreshSignIn() throws Exception {
        Browser browser = new Browser();
        JWTClaimsSet first = signIn(browser, Map.of());
        int upstreamSignIns = upstream.tokenRequests();
        Thread.sleep(1100); // auth_time has whole seconds

        JWTClaimsSet again = signIn(browser, Map.of("prompt", "login"));
        assertThat(upstream.tokenRequests()).isEqualTo(upstreamSignIns + 1);
        assertThat(upstream.lastAuthorizationRequest()).containsEntry("prompt", "login");
        assertThat(again.getSubject()).isEqualTo(first.getSubject());
        assertThat(again.getDateClaim("auth_time")).isAfter(first.getDateClaim("auth_time"));
    }

    @Test
    void maxAge_olderThanTheSignIn_signsInAgain_butAGenerousOneDoesNot() throws Exception {
        Browser browser = new Browser();
        JWTClaimsSet first = signIn(browser, Map.of());
        int upstreamSignIns = upstream.tokenRequests();

        JWTClaimsSet recentEnough = signIn(browser, Map.of("max_age", "3600"));
        assertThat(upstream.tokenRequests()).isEqualTo(upstreamSignIns);
        assertThat(recentEnough.getDateClaim("auth_time")).isEqualTo(first.getDateClaim("auth_time"));

        Thread.sleep(1100);
        JWTClaimsSet fresh = signIn(browser, Map.of("max_age", "0"));
        assertThat(upstream.tokenRequests()).isEqualTo(upstreamSignIns + 1);
        assertThat(upstream.lastAuthorizationRequest()).containsEntry("max_age", "0");
        assertThat(fresh.getDateClaim("auth_time")).isAfter(first.getDateClaim("auth_time"));
    }

    /** Runs an authorization request in this browser to the app's redirect, redeems the code, returns the ID token's claims. */
    private static JWTClaimsSet signIn(Browser browser, Map<String, String> extra) throws Exception {
        String verifier = "v-" + UUID.randomUUID() + UUID.randomUUID();
        Browser.Page atApp = browser.follow(browser.get(authorize(extra, verifier)), uri -> uri.toString().startsWith(APP_REDIRECT));
        String code = query(atApp.next()).get("code");
        assertThat(code).as("a code at the app: %s", atApp.next()).isNotNull();
        TestBroker.Json tokens = broker.post("/oauth2/token", Map.of("grant_type", "authorization_code", "client_id", "mobile-app",
                "code", code, "redirect_uri", APP_REDIRECT, "code_verifier", verifier), "mobile-app", null);
        return SignedJWT.parse(tokens.string("id_token")).getJWTClaimsSet();
    }

    private static URI authorize(Map<String, String> extra, String verifier) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUri(broker.uri("/oauth2/authorize"))
                .queryParam("response_type", "code").queryParam("client_id", "mobile-app")
                .queryParam("redirect_uri", APP_REDIRECT).queryParam("scope", "openid")
                .queryParam("state", "st").queryParam("nonce", UUID.randomUUID())
                .queryParam("code_challenge", s256(verifier)).queryParam("code_challenge_method", "S256");
        extra.forEach(uri::queryParam);
        return uri.encode().build().toUri();
    }
}
