package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import uk.civicid.broker.testsupport.AdminSession;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.Chromium;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.console.ConsoleApplication;

/**
 * The admin console in real headless Chromium against a real broker: staff sign in to it through the broker with a
 * passkey (Chromium's virtual authenticator); an administrator registers an app and an app configured with the
 * settings copied from the app's page signs in, and the registration is in the audit log; an app team member sees only
 * their own apps; an upstream login added in the console is then used to sign in.
 */
class AdminConsoleBrowserTest {

    static final String ADMIN_SUBJECT = "admin-" + UUID.randomUUID();

    static FakeUpstream council;
    static FakeUpstream partner;
    static TestBroker broker;
    static String brokerUrl;
    static ConfigurableApplicationContext console;
    static String consoleUrl;

    @BeforeAll
    static void start() {
        council = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        partner = FakeUpstream.start("civicid-partner", "partner-secret", FakeUpstream.KeyType.ES256);
        int brokerPort = TestBroker.freePort();
        int consolePort = TestBroker.freePort();
        // WebAuthn needs a host name (not an IP address) as relying party ID: localhost is one browsers allow over http.
        brokerUrl = "http://localhost:" + brokerPort;
        consoleUrl = "http://localhost:" + consolePort;
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(Map.of(
                "civicid.issuer", brokerUrl),
                TestUpstream.of(council, "council").named("Council staff")));
        properties.putAll(AdminSession.administrators("council", ADMIN_SUBJECT));
        properties.putAll(AdminSession.appTeamUpstream("council"));
        // The console's client as AdminSession configures it, returning to the real console.
        properties.putAll(AdminSession.console(0));
        properties.put("civicid.clients[0].redirect-uris[0]", consoleUrl + "/login/oauth2/code/civicid");
        properties.put("civicid.clients[0].post-logout-redirect-uris[0]", consoleUrl + "/signed-out");
        properties.putAll(TestApp.registration(1, "any-login-app"));
        broker = TestBroker.start(brokerPort, properties);
        console = ConsoleApplication.builder().run("--console.port=" + consolePort, "--console.broker-issuer=" + brokerUrl,
                "--console.client-id=" + AdminSession.CONSOLE, "--console.client-secret=" + AdminSession.CONSOLE_SECRET,
                "--console.public-base-url=" + consoleUrl, "--server.address=127.0.0.1");
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        broker.close();
        partner.close();
        council.close();
    }

    @Test
    void administrator_registersAnApp_andAnAppConfiguredWithItsSettingsSignsIn() throws Exception {
        ChromeDriver chrome = signedInToConsole(FakeUpstream.Persona.of(ADMIN_SUBJECT, "ada@council.example", "Ada Admin"));
        try {
            chrome.findElement(By.linkText("Apps")).click();
            chrome.findElement(By.linkText("Register an app")).click();
            chrome.findElement(By.id("nameEn")).sendKeys("Library loans");
            chrome.findElement(By.id("kind")).click(); // a web app with a secret
            chrome.findElement(By.id("redirectUris")).sendKeys(TestApp.REDIRECT_URI);
            chrome.findElement(By.cssSelector("main form button[type=submit]")).click();
            waitForText(chrome, "The app was registered.");

            // What the app team copies from the page.
            String issuer = chrome.findElement(By.id("setting-issuer")).getText();
            String clientId = chrome.findElement(By.id("setting-client-id")).getText();
            String secret = chrome.findElement(By.id("client-secret")).getText();
            assertThat(issuer).isEqualTo(brokerUrl);
            assertThat(chrome.findElement(By.id("snippet")).getText()).contains("client-id: " + clientId, "issuer-uri: " + brokerUrl);
            assertThat(chrome.getCurrentUrl()).doesNotContain(secret);

            council.signInAs(FakeUpstream.Persona.of("resident-" + UUID.randomUUID(), "rhys@example.org", "Rhys Price"));
            JWTClaimsSet idToken = new TestApp(broker, clientId, secret).signIn(new Browser(), "council");
            assertThat(idToken.getIssuer()).isEqualTo(issuer);
            assertThat(idToken.getAudience()).containsExactly(clientId);

            // The secret was shown once: the page no longer has it.
            chrome.navigate().refresh();
            assertThat(chrome.getPageSource()).doesNotContain(secret);

            // The registration is in the audit log: who, what and the app as it was made.
            chrome.get(consoleUrl + "/audit?client=" + clientId);
            waitForText(chrome, "APP_REGISTERED");
            assertThat(chrome.findElement(By.cssSelector("table.changes")).getText()).contains("client_name", "Library loans");

            // On a phone 320 CSS pixels wide, nothing needs scrolling sideways (WCAG 2.2 1.4.10 Reflow).
            chrome.manage().window().setSize(new Dimension(320, 800));
            for (String page : List.of("/apps/" + clientId, "/apps/new", "/apps", "/")) {
                chrome.get(consoleUrl + page);
                waitForText(chrome, "CivicID admin console");
                assertThat((Long) chrome.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                        .as("sideways scrolling on %s at 320px", page).isLessThanOrEqualTo(0L);
            }
        } finally {
            chrome.quit();
        }
    }

    @Test
    void appTeamMember_seesOnlyTheirOwnApps() {
        ChromeDriver admin = signedInToConsole(FakeUpstream.Persona.of(ADMIN_SUBJECT, "ada@council.example", "Ada Admin"));
        try {
            register(admin, "Administrators' app");
        } finally {
            admin.quit();
        }
        ChromeDriver team = signedInToConsole(FakeUpstream.Persona.of("team-" + UUID.randomUUID(), "tom@council.example", "Tom Team"));
        try {
            assertThat(team.findElements(By.cssSelector("nav.navigation a")).stream().map(WebElement::getText))
                    .containsExactly("Your apps");
            // The keyboard reaches the skip link first.
            team.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            assertThat(team.switchTo().activeElement().getAttribute("class")).isEqualTo("skip-link");
            register(team, "Team's own app");
            team.findElement(By.linkText("Your apps")).click();
            List<String> apps = team.findElements(By.cssSelector("tbody th a")).stream().map(WebElement::getText).toList();
            assertThat(apps).containsExactly("Team's own app");

            team.get(consoleUrl + "/upstreams");
            waitForText(team, "You do not have access to this");
        } finally {
            team.quit();
        }
    }

    @Test
    void anUpstreamLoginAddedInTheConsole_isTestedAndThenUsedToSignIn() throws Exception {
        ChromeDriver chrome = signedInToConsole(FakeUpstream.Persona.of(ADMIN_SUBJECT, "ada@council.example", "Ada Admin"));
        try {
            chrome.findElement(By.linkText("Upstream logins")).click();
            chrome.findElement(By.linkText("Add an upstream login")).click();
            chrome.findElement(By.id("id")).sendKeys("partner");
            chrome.findElement(By.id("nameEn")).sendKeys("Partner agency");
            chrome.findElement(By.id("issuer")).sendKeys(partner.issuer());
            chrome.findElement(By.id("clientId")).sendKeys("civicid-partner");
            chrome.findElement(By.id("clientSecret")).sendKeys("partner-secret");
            WebElement algorithms = chrome.findElement(By.id("algorithms"));
            algorithms.clear();
            algorithms.sendKeys("ES256");
            new Select(chrome.findElement(By.id("acr"))).selectByValue("http://eidas.europa.eu/LoA/substantial");
            chrome.findElement(By.cssSelector("main form button[type=submit]")).click();
            waitForText(chrome, "The upstream login was added.");

            chrome.findElement(By.xpath("//button[normalize-space()='Test connection']")).click();
            waitForText(chrome, "The connection works");

            partner.signInAs(FakeUpstream.Persona.of("partner-" + UUID.randomUUID(), "pat@partner.example", "Pat Partner"));
            JWTClaimsSet idToken = new TestApp(broker, "any-login-app").signIn(new Browser(), "partner");
            assertThat(idToken.getStringClaim("acr")).isEqualTo("http://eidas.europa.eu/LoA/substantial");
        } finally {
            chrome.quit();
        }
    }

    /**
     * In a new Chromium with a virtual authenticator: signs in with the organisation's login, adds a passkey on the
     * account page, then opens the console, whose sign-in at the broker steps up to that passkey.
     */
    private static ChromeDriver signedInToConsole(FakeUpstream.Persona person) {
        ChromeDriver chrome = Chromium.start(Chromium.DESKTOP);
        Chromium.addPasskeyAuthenticator(chrome);
        council.signInAs(person);
        chrome.get(brokerUrl + "/signin/council");
        waitForPath(chrome, "/account");
        chrome.findElement(By.cssSelector("form[data-passkey-register] button")).click();
        waitForText(chrome, "The passkey was added to your account.");

        chrome.get(consoleUrl + "/");
        waitForPath(chrome, "/signin/passkey");
        chrome.findElement(By.cssSelector("button[data-passkey-signin]")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(consoleUrl + "/"));
        waitForText(chrome, "CivicID admin console");
        return chrome;
    }

    private static void register(ChromeDriver chrome, String name) {
        chrome.get(consoleUrl + "/apps/new");
        chrome.findElement(By.id("nameEn")).sendKeys(name);
        chrome.findElement(By.id("kind")).click();
        chrome.findElement(By.id("redirectUris")).sendKeys(TestApp.REDIRECT_URI);
        chrome.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitForText(chrome, "The app was registered.");
    }

    private static void waitForPath(ChromeDriver chrome, String path) {
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(d -> URI.create(d.getCurrentUrl()).getPath().equals(path));
    }

    private static void waitForText(ChromeDriver chrome, String text) {
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(d -> d.getPageSource().contains(text));
    }
}
