package uk.civicid.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.civicid.broker.testsupport.TestBroker.query;
import static uk.civicid.broker.testsupport.TestBroker.s256;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.Chromium;
import uk.civicid.broker.testsupport.EntraIdStandIn;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * Staff passkeys in real headless Chromium with its virtual authenticator (user verification on): register one
 * on the account page, sign in with it alone, step up to it from an organisation-login session, and what a staff
 * app that requires one gets.
 */
class PasskeyBrowserTest {

    static final String PASSKEY_ACR = "http://eidas.europa.eu/LoA/high";
    static FakeUpstream upstream;
    static EntraIdStandIn entra;
    static WireMockServer app;
    static TestBroker broker;
    static String brokerUrl;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        entra = EntraIdStandIn.on(upstream); // the council's staff login
        app = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        app.start();
        app.stubFor(get(urlPathEqualTo("/callback")).willReturn(aResponse().withStatus(200).withBody("<h1>Staff app</h1>")));
        int port = TestBroker.freePort();
        // WebAuthn needs a host name (not an IP address) as relying party ID: localhost is one browsers allow over http.
        brokerUrl = "http://localhost:" + port;
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(Map.of("civicid.issuer", brokerUrl),
                TestUpstream.of(upstream, "council").named("Council staff").amr("pwd").set("profile", "entra-id")
                        .set("issuer", entra.issuer(EntraIdStandIn.CONTOSO)).set("roles.[Cases.Read]", "caseworker")));
        properties.putAll(Map.of(
                "civicid.clients[0].client-id", "safeguarding",
                "civicid.clients[0].name.en", "Safeguarding",
                "civicid.clients[0].redirect-uris[0]", app.baseUrl() + "/callback",
                "civicid.clients[0].require-passkey", "true",
                "civicid.clients[0].scopes[0]", "openid", "civicid.clients[0].scopes[1]", "roles"));
        broker = TestBroker.start(port, properties);
        upstream.endSessionsReturningTo(java.net.URI.create(brokerUrl + "/signin/signed-out/council")); // Entra signs out too
    }

    @AfterAll
    static void stop() {
        broker.close();
        app.stop();
        upstream.close();
    }

    @Test
    void registerAPasskey_signOut_signInWithItAlone_andReachAStaffAppThatRequiresIt() throws Exception {
        upstream.signInAs(FakeUpstream.Persona.of("staff-" + UUID.randomUUID(), "jo@council.example", "Jo Bloggs"));
        ChromeDriver chrome = Chromium.start(Chromium.DESKTOP);
        try {
            Chromium.addPasskeyAuthenticator(chrome);
            String account = registerPasskey(chrome, "Work laptop");

            chrome.findElement(By.xpath("//form[contains(@action, '/logout')]//button")).click();
            waitForUrl(chrome, "/signed-out");

            String verifier = "v-" + UUID.randomUUID() + UUID.randomUUID();
            chrome.get(authorize(verifier).toString());
            waitForUrl(chrome, "/signin/passkey");
            chrome.findElement(By.cssSelector("button[data-passkey-signin]")).click();
            JWTClaimsSet idToken = redeem(waitForCode(chrome), verifier);
            assertThat(idToken.getStringListClaim("amr")).containsExactlyInAnyOrder("hwk", "user");
            assertThat(idToken.getStringClaim("acr")).isEqualTo(PASSKEY_ACR);

            // The account page shows when the passkey was last used.
            chrome.get(brokerUrl + "/account");
            waitForText(chrome, "Work laptop");
            assertThat(account).isNotBlank();
        } finally {
            chrome.quit();
        }
    }

    @Test
    void aSessionFromTheOrganisationLogin_isSteppedUpWithThePasskey() throws Exception {
        upstream.signInAs(FakeUpstream.Persona.of("staff-" + UUID.randomUUID(), "sam@council.example", "Sam Price"));
        entra.appRoles("Cases.Read");
        ChromeDriver chrome = Chromium.start(Chromium.DESKTOP);
        try {
            Chromium.addPasskeyAuthenticator(chrome);
            registerPasskey(chrome, "Phone");

            String verifier = "v-" + UUID.randomUUID() + UUID.randomUUID();
            chrome.get(authorize(verifier).toString());
            waitForUrl(chrome, "/signin/passkey");
            waitForText(chrome, "confirm it is you with your passkey");
            chrome.findElement(By.cssSelector("button[data-passkey-signin]")).click();
            JWTClaimsSet idToken = redeem(waitForCode(chrome), verifier);
            assertThat(idToken.getStringListClaim("amr")).contains("fed", "pwd", "hwk", "user");
            assertThat(idToken.getStringClaim("acr")).isEqualTo(PASSKEY_ACR);
            assertThat(idToken.getStringListClaim("roles")).as("the staff login's roles survive the step-up").containsExactly("caseworker");
        } finally {
            chrome.quit();
        }
    }

    /** OIDC Core errata: the app requires what this person cannot do, so it is told, rather than the person stuck. */
    @Test
    void aStaffAppThatRequiresAPasskey_whenThePersonHasNone_getsUnmetAuthenticationRequirements() {
        upstream.signInAs(FakeUpstream.Persona.of("staff-" + UUID.randomUUID(), "al@council.example", "Al Khan"));
        Browser browser = new Browser();
        assertThat(browser.follow(browser.get(URI.create(brokerUrl + "/signin/council"))).uri().getPath()).isEqualTo("/account");
        Browser.Page atApp = browser.follow(browser.get(authorize("v-" + UUID.randomUUID())),
                uri -> uri.toString().startsWith(app.baseUrl()));
        assertThat(query(atApp.next())).containsEntry("error", "unmet_authentication_requirements").containsEntry("state", "st")
                .doesNotContainKey("code");
    }

    /** Signs in with the organisation login and adds a passkey on the account page; returns the page's text. */
    private static String registerPasskey(ChromeDriver chrome, String label) {
        chrome.get(brokerUrl + "/signin/council");
        waitForUrl(chrome, "/account");
        chrome.findElement(By.id("passkey-label")).sendKeys(label);
        chrome.findElement(By.cssSelector("form[data-passkey-register] button")).click();
        waitForText(chrome, "The passkey was added to your account.");
        assertThat(chrome.findElement(By.tagName("main")).getText()).contains(label);
        return chrome.findElement(By.tagName("main")).getText();
    }

    private static URI authorize(String verifier) {
        return UriComponentsBuilder.fromUriString(brokerUrl + "/oauth2/authorize")
                .queryParam("response_type", "code").queryParam("client_id", "safeguarding")
                .queryParam("redirect_uri", app.baseUrl() + "/callback").queryParam("scope", "openid roles")
                .queryParam("state", "st").queryParam("nonce", UUID.randomUUID())
                .queryParam("code_challenge", s256(verifier)).queryParam("code_challenge_method", "S256")
                .encode().build().toUri();
    }

    private static String waitForCode(ChromeDriver chrome) {
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(app.baseUrl()));
        Map<String, String> answer = query(URI.create(chrome.getCurrentUrl()));
        assertThat(answer).containsKey("code");
        return answer.get("code");
    }

    private static JWTClaimsSet redeem(String code, String verifier) throws Exception {
        TestBroker.Json tokens = broker.post("/oauth2/token", Map.of("grant_type", "authorization_code", "client_id", "safeguarding",
                "code", code, "redirect_uri", app.baseUrl() + "/callback", "code_verifier", verifier), "safeguarding", null);
        return SignedJWT.parse(tokens.string("id_token")).getJWTClaimsSet();
    }

    private static void waitForUrl(ChromeDriver chrome, String path) {
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(d -> URI.create(d.getCurrentUrl()).getPath().equals(path));
    }

    private static void waitForText(ChromeDriver chrome, String text) {
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(d -> d.getPageSource().contains(text));
    }
}
