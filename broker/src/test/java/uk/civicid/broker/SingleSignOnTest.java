package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.sample.SampleApplication;

/** Single sign-on across two real sample apps, and single logout by OIDC Back-Channel Logout, all over HTTP. */
class SingleSignOnTest {

    static FakeUpstream upstream;
    static TestBroker broker;
    static SampleApp councilTax;
    static SampleApp bins;

    /** A running sample app registered at the broker as {@code clientId}. */
    record SampleApp(ConfigurableApplicationContext context, URI base) {
        URI uri(String path) {
            return base.resolve(path);
        }

        /** Whether this app served the page at this path (Spring Security may add "?continue" after sign-in). */
        boolean serves(Browser.Page page, String path) {
            return page.uri().getPort() == base.getPort() && page.uri().getPath().equals(path);
        }
    }

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        int councilTaxPort = TestBroker.freePort();
        int binsPort = TestBroker.freePort();
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(
                TestUpstream.of(upstream, "council").named("Council staff").amr("pwd")));
        properties.putAll(client(0, "council-tax", "{bcrypt}" + bcrypt.encode("council-tax-secret"), councilTaxPort));
        properties.putAll(client(1, "bins", "{bcrypt}" + bcrypt.encode("bins-secret"), binsPort));
        broker = TestBroker.start(properties);
        councilTax = sampleApp("Council Tax", "council-tax", "council-tax-secret", councilTaxPort, "RP_COUNCIL_TAX");
        bins = sampleApp("Bins", "bins", "bins-secret", binsPort, "RP_BINS");
    }

    @AfterAll
    static void stop() {
        bins.context().close();
        councilTax.context().close();
        broker.close();
        upstream.close();
    }

    @Test
    void secondApp_signsInWithoutPrompt_andSignOut_endsTheSessionInBothApps() {
        upstream.signInAs(FakeUpstream.Persona.of("sso-" + System.nanoTime(), "casey@example.org", "Casey Jones"));
        Browser browser = new Browser();

        Browser.Page councilTaxHome = browser.follow(browser.get(councilTax.uri("/")));
        assertThat(councilTaxHome.status()).isEqualTo(200);
        assertThat(councilTax.serves(councilTaxHome, "/")).isTrue();
        assertThat(councilTaxHome.body()).contains("Casey Jones").contains("fed").contains("pwd");
        int upstreamSignIns = upstream.tokenRequests();

        // App B: the broker's session answers at once; the person is not sent to the upstream again.
        Browser.Page binsHome = browser.follow(browser.get(bins.uri("/")), uri -> uri.toString().startsWith(upstream.issuer()));
        assertThat(bins.serves(binsHome, "/")).isTrue();
        assertThat(binsHome.body()).contains("Casey Jones");
        assertThat(upstream.tokenRequests()).isEqualTo(upstreamSignIns);

        // Sign out from app A: RP-initiated logout at the broker, which ends its session and tells both apps.
        Browser.Page signedOut = browser.follow(browser.post(councilTax.uri("/logout"), Map.of("_csrf", csrfToken(councilTaxHome.body()))));
        assertThat(councilTax.serves(signedOut, "/signed-out")).as("back at the app after signing out: %s", signedOut.uri()).isTrue();

        // App B's own session was ended by the back-channel logout token: its home page now sends the browser
        // to sign in again, and the broker, with no session left, sends it on to the upstream.
        Browser.Page binsAgain = eventually(() -> browser.get(bins.uri("/")), page -> page.status() == 302);
        assertThat(binsAgain.status()).as("the second app's session has ended").isEqualTo(302);
        Browser.Page atUpstream = browser.follow(binsAgain, uri -> uri.toString().startsWith(upstream.issuer()));
        assertThat(atUpstream.next().toString()).startsWith(upstream.issuer());
    }

    private static Map<String, Object> client(int index, String clientId, String secretHash, int port) {
        String prefix = "civicid.clients[" + index + "].";
        String app = "http://127.0.0.1:" + port;
        return Map.of(
                prefix + "client-id", clientId,
                prefix + "name.en", clientId,
                prefix + "client-secret-hash", secretHash,
                prefix + "redirect-uris[0]", app + "/login/oauth2/code/civicid",
                prefix + "post-logout-redirect-uris[0]", app + "/signed-out",
                prefix + "backchannel-logout-uri", app + "/logout/connect/back-channel/civicid");
    }

    private static SampleApp sampleApp(String name, String clientId, String secret, int port, String cookieName) {
        ConfigurableApplicationContext context = SampleApplication.builder().run(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--sample.name=" + name,
                "--sample.broker-issuer=" + broker.issuer(),
                "--sample.client-id=" + clientId,
                "--spring.security.oauth2.client.registration.civicid.client-secret=" + secret,
                "--server.servlet.session.cookie.name=" + cookieName);
        return new SampleApp(context, URI.create("http://127.0.0.1:" + port + "/"));
    }

    private static String csrfToken(String html) {
        Matcher matcher = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
        return matcher.group(1);
    }

    /** Back-channel logout runs after the logout response, so poll briefly for its effect. */
    private static Browser.Page eventually(Supplier<Browser.Page> request, Predicate<Browser.Page> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        Browser.Page page = request.get();
        while (!done.test(page) && Instant.now().isBefore(deadline)) {
            sleep();
            page = request.get();
        }
        return page;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
