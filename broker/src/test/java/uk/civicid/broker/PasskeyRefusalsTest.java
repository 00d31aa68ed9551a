package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.Chromium;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.PasskeyAssertion;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The passkey checks a relying party must make, each attacked on its own with an assertion signed by a real
 * registered passkey: wrong origin (phishing), wrong RP ID, a replayed challenge, a counter that goes backwards
 * (a cloned authenticator), and a step-up with another person's passkey.
 */
class PasskeyRefusalsTest {

    static FakeUpstream upstream;
    static TestBroker broker;
    static String brokerUrl;
    static PasskeyAssertion passkey;
    static final AtomicLong counter = new AtomicLong(1000);

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        int port = TestBroker.freePort();
        brokerUrl = "http://localhost:" + port;
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(Map.of(
                "civicid.issuer", brokerUrl),
                TestUpstream.of(upstream, "council").named("Council staff")));
        properties.putAll(TestApp.registration(0, "staff"));
        broker = TestBroker.start(port, properties);

        // A real passkey, registered through the account page by Chromium's virtual authenticator.
        upstream.signInAs(FakeUpstream.Persona.of("owner-" + UUID.randomUUID(), "owner@council.example", "Passkey Owner"));
        ChromeDriver chrome = Chromium.start(Chromium.DESKTOP);
        try {
            passkey = Chromium.registerPasskey(chrome, broker, brokerUrl, "council");
        } finally {
            chrome.quit();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
    }

    /** The control: the same construction, with everything right, signs in. Without it the refusals would prove nothing. */
    @Test
    void aCorrectAssertion_signsIn() {
        Attempt attempt = new Attempt(new Browser());
        assertThat(attempt.send(passkey.json(attempt.challenge(), brokerUrl, "localhost", counter.incrementAndGet())).status()).isEqualTo(200);
    }

    /** Phishing: an assertion made for another site's origin is refused, though validly signed. */
    @Test
    void anotherOrigin_isRefused() {
        Attempt attempt = new Attempt(new Browser());
        assertThat(attempt.send(passkey.json(attempt.challenge(), "https://council-login.example", "localhost",
                counter.incrementAndGet())).status()).isEqualTo(401);
    }

    @Test
    void anotherRelyingPartyId_isRefused() {
        Attempt attempt = new Attempt(new Browser());
        assertThat(attempt.send(passkey.json(attempt.challenge(), brokerUrl, "evil.example", counter.incrementAndGet())).status())
                .isEqualTo(401);
    }

    @Test
    void aReplayedAssertion_isRefused() {
        Browser browser = new Browser();
        Attempt attempt = new Attempt(browser);
        String assertion = passkey.json(attempt.challenge(), brokerUrl, "localhost", counter.incrementAndGet());
        assertThat(attempt.send(assertion).status()).isEqualTo(200);
        assertThat(attempt.send(assertion).status()).isEqualTo(401);
        assertThat(new Attempt(new Browser()).send(assertion).status()).isEqualTo(401); // another browser's challenge
    }

    /** WebAuthn §6.1.1: a counter that does not go up means a cloned authenticator: refused, and audited. */
    @Test
    void aCounterThatGoesBackwards_isRefused_andAudited() {
        Attempt first = new Attempt(new Browser());
        long used = counter.addAndGet(10);
        assertThat(first.send(passkey.json(first.challenge(), brokerUrl, "localhost", used)).status()).isEqualTo(200);
        Attempt clone = new Attempt(new Browser());
        assertThat(clone.send(passkey.json(clone.challenge(), brokerUrl, "localhost", used - 5)).status()).isEqualTo(401);
        assertThat(broker.bean(AuditLog.class).recent(20)).anyMatch(e -> e.type() == AuditEventType.PASSKEY_COUNTER_REGRESSION);
    }

    /** A step-up on a shared device with somebody else's passkey does not swap whose session it is. */
    @Test
    void aStepUpWithAnotherPersonsPasskey_isRefused() {
        upstream.signInAs(FakeUpstream.Persona.of("other-" + UUID.randomUUID(), "other@council.example", "Other Person"));
        Browser browser = new Browser();
        assertThat(browser.follow(browser.get(URI.create(brokerUrl + "/signin/council"))).body()).contains("Other Person");
        Attempt attempt = new Attempt(browser);
        assertThat(attempt.send(passkey.json(attempt.challenge(), brokerUrl, "localhost", counter.incrementAndGet())).status())
                .isEqualTo(403);
        assertThat(browser.get(URI.create(brokerUrl + "/account")).body()).contains("Other Person");
    }

    /** An app that names the person (login_hint) gets them offered their own passkeys; without a hint, any discoverable one. */
    @Test
    void aLoginHint_offersThatPersonsPasskeys() throws Exception {
        String credentialId = Base64.getUrlEncoder().withoutPadding().encodeToString(passkey.credentialId());
        assertThat(allowedCredentials("owner@council.example")).containsExactly(credentialId);
        assertThat(allowedCredentials("OWNER@council.example")).containsExactly(credentialId);
        assertThat(allowedCredentials("someone.else@council.example")).isEmpty();
        assertThat(allowedCredentials(null)).isEmpty();
    }

    /** The credential ids the broker offers after an app's authorization request with this login_hint. */
    private static List<String> allowedCredentials(String loginHint) throws Exception {
        Browser browser = new Browser();
        UriComponentsBuilder authorize = UriComponentsBuilder.fromUriString(brokerUrl + "/oauth2/authorize")
                .queryParam("response_type", "code").queryParam("client_id", "staff").queryParam("redirect_uri", TestApp.REDIRECT_URI)
                .queryParam("scope", "openid").queryParam("state", "s").queryParam("code_challenge", TestBroker.s256("v-verifier-123456789012345678901234567890"))
                .queryParam("code_challenge_method", "S256");
        if (loginHint != null) {
            authorize.queryParam("login_hint", loginHint);
        }
        assertThat(browser.get(authorize.encode().build().toUri()).status()).isEqualTo(302); // saved, sent to sign in
        Attempt attempt = new Attempt(browser);
        Browser.Page options = browser.postJson(URI.create(brokerUrl + "/webauthn/authenticate/options"), "", attempt.csrf);
        List<Object> allowed = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(options.body()), "allowCredentials");
        return allowed == null ? List.of() : allowed.stream().map(a -> (String) ((Map<?, ?>) a).get("id")).toList();
    }

    /** One sign-in attempt in a browser: the CSRF token from the page, then a challenge from the broker. */
    static final class Attempt {
        private final Browser browser;
        private final Map<String, String> csrf;

        Attempt(Browser browser) {
            this.browser = browser;
            String page = browser.get(URI.create(brokerUrl + "/signin/passkey")).body();
            this.csrf = Map.of(meta(page, "_csrf_header"), meta(page, "_csrf"));
        }

        byte[] challenge() {
            try {
                Browser.Page options = browser.postJson(URI.create(brokerUrl + "/webauthn/authenticate/options"), "", csrf);
                return Base64.getUrlDecoder().decode((String) JSONObjectUtils.parse(options.body()).get("challenge"));
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }

        Browser.Page send(String assertion) {
            return browser.postJson(URI.create(brokerUrl + "/login/webauthn"), assertion, csrf);
        }

        private static String meta(String page, String name) {
            Matcher m = Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]+)\"").matcher(page);
            assertThat(m.find()).as("meta %s", name).isTrue();
            return m.group(1);
        }
    }
}
