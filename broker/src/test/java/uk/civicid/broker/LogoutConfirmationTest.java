package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * RP-initiated logout without an {@code id_token_hint} (OpenID Connect RP-Initiated Logout 1.0 §2 allows it), or with
 * one that no longer names a session: the person is asked, and only their confirmation, with the broker's CSRF token,
 * signs them out (no silent cross-site logout); then on to the app's registered post-logout URI with its state. A URI
 * the app did not register is refused on a page. Never a JSON error to a person.
 */
class LogoutConfirmationTest {

    static final String APP_SIGNED_OUT = "http://127.0.0.1:9/signed-out";

    static FakeUpstream upstream;
    static TestBroker broker;
    static TestApp tax;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(TestUpstream.of(upstream, "council")));
        properties.putAll(TestApp.registration(0, "tax"));
        properties.put("civicid.clients[0].post-logout-redirect-uris[0]", APP_SIGNED_OUT);
        broker = TestBroker.start(properties);
        tax = new TestApp(broker, "tax");
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
    }

    static Browser signedIn() {
        upstream.signInAs(FakeUpstream.Persona.of("p-" + UUID.randomUUID(), "pat@example.org", "Pat Jones"));
        Browser browser = new Browser();
        tax.signIn(browser, "council");
        return browser;
    }

    static URI logout(Map<String, String> parameters) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUri(broker.uri("/connect/logout"));
        parameters.forEach((name, value) -> uri.queryParam(name, value));
        return uri.encode().build().toUri();
    }

    static boolean isSignedIn(Browser browser) {
        return browser.get(broker.uri("/account")).status() == 200;
    }

    @Test
    void withoutAHint_thePersonIsAsked_andOnlyTheirConfirmationSignsThemOut_thenTheAppGetsItsState() {
        Browser browser = signedIn();

        Browser.Page asked = browser.follow(browser.get(logout(Map.of("client_id", "tax", "post_logout_redirect_uri", APP_SIGNED_OUT,
                "state", "app state/1"))));

        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.uri().getPath()).isEqualTo("/signout");
        assertThat(asked.body()).contains("Do you want to sign out?").contains("tax asked to sign you out");
        assertThat(isSignedIn(browser)).as("asking signs nobody out").isTrue();

        Browser.Page done = browser.post(broker.uri("/signout"), Map.of("_csrf", csrf(asked.body()), "client_id", "tax",
                "post_logout_redirect_uri", APP_SIGNED_OUT, "state", "app state/1"));

        assertThat(done.location()).isEqualTo(APP_SIGNED_OUT + "?state=app%20state%2F1");
        assertThat(isSignedIn(browser)).isFalse();
    }

    /** A page on another site cannot sign the person out: without the broker's CSRF token the confirmation is refused. */
    @Test
    void aConfirmationWithoutTheCsrfToken_isRefused_andThePersonStaysSignedIn() {
        Browser browser = signedIn();

        Browser.Page forged = browser.post(broker.uri("/signout"), Map.of("client_id", "tax", "post_logout_redirect_uri", APP_SIGNED_OUT));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(isSignedIn(browser)).isTrue();
    }

    /** A post-logout URI the app did not register is never followed: a page says so, for the person and the app's team. */
    @Test
    void anUnregisteredPostLogoutUri_isRefusedOnAPage_andThePersonStaysSignedIn() {
        Browser browser = signedIn();

        Browser.Page refused = browser.follow(browser.get(logout(Map.of("client_id", "tax", "post_logout_redirect_uri",
                "https://elsewhere.example/"))));
        Browser.Page confirmed = browser.post(broker.uri("/signout"), Map.of("_csrf", csrf(browser.get(broker.uri("/account")).body()),
                "client_id", "tax", "post_logout_redirect_uri", "https://elsewhere.example/"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("We could not sign you out from this link").contains("post_logout_redirect_uri");
        assertThat(confirmed.status()).isEqualTo(400);
        assertThat(confirmed.location()).isNull();
        assertThat(isSignedIn(browser)).isTrue();
    }

    /** A hint that names no session any more (or is not an ID token) still leads to the question, never a JSON error. */
    @Test
    void aHintThatNamesNoSession_leadsToTheQuestion() {
        Browser browser = signedIn();

        Browser.Page asked = browser.follow(browser.get(logout(Map.of("id_token_hint", "not.an.idtoken", "client_id", "tax",
                "post_logout_redirect_uri", APP_SIGNED_OUT))));

        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body()).contains("Do you want to sign out?");
    }

    private static String csrf(String html) {
        Matcher matcher = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
        return matcher.group(1);
    }
}
