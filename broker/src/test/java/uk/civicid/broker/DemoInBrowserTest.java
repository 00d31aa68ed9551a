package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.Chromium;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.sample.SampleApplication;

/**
 * The README's embedded default in a real browser: the broker with the demo profile and its built-in demo login,
 * and two sample apps. A person signs in to one app, is signed in to the other without a prompt, sees the account
 * page, and signs out of both; the pages work in Welsh and on a phone.
 */
class DemoInBrowserTest {

    static TestBroker broker;
    static ConfigurableApplicationContext councilTax;
    static ConfigurableApplicationContext bins;
    static String councilTaxUrl;
    static String binsUrl;

    @BeforeAll
    static void start() {
        int brokerPort = TestBroker.freePort();
        int councilTaxPort = TestBroker.freePort();
        int binsPort = TestBroker.freePort();
        String issuer = "http://127.0.0.1:" + brokerPort;
        councilTaxUrl = "http://127.0.0.1:" + councilTaxPort;
        binsUrl = "http://127.0.0.1:" + binsPort;
        // The demo profile's own addresses are localhost:9000/8081/8082; a list given here replaces the profile's
        // list whole, so each upstream and client is given in full (the secrets are the demo profile's).
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(Map.of(
                "spring.profiles.active", "demo",
                "civicid.issuer", issuer),
                TestUpstream.at("demo", issuer + "/demo-idp", "civicid-broker", "demo-upstream-secret").named("Demo login (no password)").amr("user")));
        properties.putAll(client(0, "council-tax", "{bcrypt}$2a$10$QDz95hEy93BpZ.uQtsbHyuiYUcPSeIe55YSpcL3/Dx8g0Vx1PCZjG", councilTaxUrl));
        properties.putAll(client(1, "bins", "{bcrypt}$2a$10$h72dugAD4JGD2PSQ36KjXOhIIAPMPQl.t1TMpX9trzMNQHMd6q2Ta", binsUrl));
        broker = TestBroker.start(brokerPort, properties);
        councilTax = sampleApp("Council Tax", "council-tax", "council-tax-demo-secret", councilTaxPort, issuer);
        bins = sampleApp("Bins and recycling", "bins", "bins-demo-secret", binsPort, issuer);
    }

    @AfterAll
    static void stop() {
        bins.close();
        councilTax.close();
        broker.close();
    }

    @Test
    void personSignsInToOneApp_isSignedInToTheOther_andSignsOutOfBoth() {
        ChromeDriver chrome = Chromium.start(Chromium.DESKTOP);
        try {
            chrome.get(councilTaxUrl + "/");
            waitFor(chrome, By.tagName("h1"));
            assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Demo login");
            chrome.findElement(By.xpath("//button[contains(., 'Alys Jones')]")).click();
            waitForText(chrome, "Alys Jones");
            assertThat(chrome.getCurrentUrl()).startsWith(councilTaxUrl);

            chrome.get(binsUrl + "/");
            waitForText(chrome, "Alys Jones");
            assertThat(chrome.getCurrentUrl()).startsWith(binsUrl);

            chrome.get(broker.uri("/account").toString());
            waitForText(chrome, "Demo login (no password)");

            chrome.get(councilTaxUrl + "/");
            waitForText(chrome, "Alys Jones");
            chrome.findElement(By.xpath("//form[contains(@action, '/logout')]//button")).click();
            new WebDriverWait(chrome, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/signed-out"));

            // The other app's session was ended by back-channel logout: it sends the person to sign in again.
            new WebDriverWait(chrome, Duration.ofSeconds(10)).until(driver -> {
                driver.get(binsUrl + "/");
                return driver.getPageSource().contains("Choose who to sign in as");
            });
        } finally {
            chrome.quit();
        }
    }

    @Test
    void pages_areInWelsh_whenAsked() {
        ChromeDriver chrome = Chromium.start(Chromium.DESKTOP);
        try {
            // One login is offered, so the choice is skipped and the demo login page is shown, in Welsh.
            chrome.get(broker.uri("/signin?lang=cy").toString());
            waitFor(chrome, By.tagName("h1"));
            assertThat(chrome.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("cy");
            assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Mewngofnodi arddangos");
            // The choice of language is remembered on the next page.
            chrome.get(broker.uri("/signed-out").toString());
            waitFor(chrome, By.tagName("h1"));
            assertThat(chrome.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("cy");
        } finally {
            chrome.quit();
        }
    }

    /** The demo login asked for by anything but the broker's own sign-in is refused on a page, never a 500. */
    @Test
    void theDemoLogin_askedByAnotherClient_isRefused() {
        Browser.Page otherClient = new Browser().get(broker.uri("/demo-idp/authorize?client_id=someone-else&redirect_uri=https://x.example/"));

        assertThat(otherClient.status()).isEqualTo(400);
        assertThat(otherClient.body()).doesNotContain("Exception");
    }

    /** WCAG 2.2 SC 1.4.10 (reflow): nothing scrolls sideways on a phone. */
    @Test
    void pages_fitAPhoneScreen() {
        ChromeDriver chrome = Chromium.start(Chromium.PHONE);
        try {
            for (String path : new String[] {"/signin", "/signed-out", "/signin?lang=cy", "/signout", "/signout?lang=cy"}) {
                chrome.get(broker.uri(path).toString());
                waitFor(chrome, By.tagName("h1"));
                Object overflow = chrome.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
                assertThat(((Number) overflow).intValue()).as("sideways overflow on %s", path).isLessThanOrEqualTo(0);
            }
        } finally {
            chrome.quit();
        }
    }

    private static Map<String, Object> client(int index, String clientId, String secretHash, String app) {
        String prefix = "civicid.clients[" + index + "].";
        return Map.of(prefix + "client-id", clientId, prefix + "name.en", clientId, prefix + "client-secret-hash", secretHash,
                prefix + "redirect-uris[0]", app + "/login/oauth2/code/civicid",
                prefix + "post-logout-redirect-uris[0]", app + "/signed-out",
                prefix + "backchannel-logout-uri", app + "/logout/connect/back-channel/civicid");
    }

    private static ConfigurableApplicationContext sampleApp(String name, String clientId, String secret, int port, String issuer) {
        return SampleApplication.builder().run("--server.port=" + port, "--server.address=127.0.0.1", "--sample.name=" + name,
                "--sample.broker-issuer=" + issuer, "--sample.client-id=" + clientId,
                "--spring.security.oauth2.client.registration.civicid.client-secret=" + secret,
                "--server.servlet.session.cookie.name=" + clientId.toUpperCase().replace('-', '_') + "_SESSION");
    }

    private static void waitFor(WebDriver driver, By element) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(element));
    }

    private static void waitForText(WebDriver driver, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getPageSource().contains(text));
    }
}
