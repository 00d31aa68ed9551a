package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.FakeUpstream.Persona;
import uk.civicid.broker.testsupport.OneLoginStandIn;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code profile: gov-uk-one-login}, against a stand-in that behaves as GOV.UK One Login's technical documentation says
 * ("Authenticate your user", https://docs.sign-in.service.gov.uk/integrate-with-integration-environment/authenticate-your-user/):
 * private_key_jwt, ES256 ID tokens, claims only at userinfo, {@code vtr} asked as a JSON array and the level met
 * answered in the ID token's {@code vot}, {@code ui_locales} en or cy. A {@code vot} that is not one of the vectors asked
 * for is refused, so a sign-in at a lower level than configured never reaches an app.
 */
class GovUkOneLoginTest {

    static final String APP_SIGNED_OUT = "http://127.0.0.1:9/signed-out";

    static FakeUpstream oneLogin;
    static TestBroker broker;
    static TestApp app;

    @BeforeAll
    static void start() {
        oneLogin = FakeUpstream.start("civicid-one-login", "unused", FakeUpstream.KeyType.ES256);
        oneLogin.claimsOnlyAtUserInfo(true);
        OneLoginStandIn.on(oneLogin); // its vectors and private_key_jwt only
        Map<String, Object> app = new HashMap<>(TestApp.registration(0, "tax"));
        app.putAll(Map.of("civicid.clients[0].scopes[0]", "openid", "civicid.clients[0].scopes[1]", "email",
                "civicid.clients[0].scopes[2]", "phone", "civicid.clients[0].scopes[3]", "profile",
                "civicid.clients[0].post-logout-redirect-uris[0]", APP_SIGNED_OUT));
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(app,
                TestUpstream.of(oneLogin, "gov-uk").named("GOV.UK One Login", "GOV.UK One Login (cy)")
                        .set("profile", "gov-uk-one-login").without("client-secret"),
                TestUpstream.of(oneLogin, "gov-uk-low").set("profile", "gov-uk-one-login").list("vtr", "Cl").without("client-secret")));
        broker = TestBroker.start(properties);
        oneLogin.trustClientJwksAt(broker.uri("/signin/client-jwks"));
        oneLogin.endSessionsReturningTo(broker.uri("/signin/signed-out/gov-uk"));
        GovUkOneLoginTest.app = new TestApp(broker, "tax", null, "openid profile email phone");
    }

    @AfterAll
    static void stop() {
        broker.close();
        oneLogin.close();
    }

    @AfterEach
    void behave() {
        oneLogin.behave();
    }

    static Persona newPerson() {
        String subject = "urn:fdc:gov.uk:2022:" + UUID.randomUUID();
        return Persona.of(subject, "citizen-" + UUID.randomUUID() + "@example.org", "Sam Citizen").withPhone("+447700900123");
    }

    @Test
    void aSignIn_asksForMediumAuthentication_withPrivateKeyJwt_andTheAppGetsItsLevelAndTheUserinfoEmail() {
        Persona person = newPerson();
        oneLogin.signInAs(person);

        TestBroker.Json tokens = app.tokens(new Browser(), "gov-uk");

        Map<String, String> asked = oneLogin.lastAuthorizationRequest();
        assertThat(asked).containsEntry("vtr", "[\"Cl.Cm\"]").containsEntry("ui_locales", "en").containsEntry("scope", "openid email phone");
        assertThat(oneLogin.lastClientAssertion()).as("private_key_jwt, with the broker's client keys").isNotNull();
        JWTClaimsSet idToken = tokens.idToken();
        assertThat(idToken.getClaim("acr")).isEqualTo("http://eidas.europa.eu/LoA/substantial");
        assertThat(idToken.getClaim("amr")).asList().containsExactly("fed", "pwd", "mfa");
        TestBroker.Json userinfo = broker.getWithBearer("/userinfo", tokens.string("access_token"));
        assertThat(userinfo.body()).containsEntry("email", person.email()).containsEntry("email_verified", true)
                .containsEntry("phone_number", "+447700900123").containsEntry("phone_number_verified", true);
    }

    @Test
    void aConfiguredLowLevel_isAskedFor_andGivesLowAssurance() {
        oneLogin.signInAs(newPerson());

        JWTClaimsSet idToken = app.tokens(new Browser(), "gov-uk-low").idToken();

        assertThat(oneLogin.lastAuthorizationRequest()).containsEntry("vtr", "[\"Cl\"]");
        assertThat(idToken.getClaim("acr")).isEqualTo("http://eidas.europa.eu/LoA/low");
        assertThat(idToken.getClaim("amr")).asList().containsExactly("fed", "pwd");
    }

    @Test
    void aPersonReadingWelsh_isShownOneLoginInWelsh() {
        oneLogin.signInAs(newPerson());
        Browser browser = new Browser();
        browser.get(broker.uri("/signed-out?lang=cy"));

        app.tokens(browser, "gov-uk");

        assertThat(oneLogin.lastAuthorizationRequest()).containsEntry("ui_locales", "cy");
    }

    /** A vot other than the vector asked for (a lower level of authentication) is refused: the app asked for more. */
    @Test
    void anIdTokenWithAnotherVot_isRefused_andAudited() {
        oneLogin.signInAs(newPerson());
        oneLogin.answerVot("Cl");

        assertRefused(app.attemptSignIn(new Browser(), "gov-uk"));
    }

    @Test
    void anIdTokenWithoutVot_isRefused_andAudited() {
        oneLogin.signInAs(newPerson());
        oneLogin.answerVot("");

        assertRefused(app.attemptSignIn(new Browser(), "gov-uk"));
    }

    /**
     * One Login's session outlives the browser, so signing out at the broker signs the person out of One Login too
     * ("Log your users out of GOV.UK One Login", https://docs.sign-in.service.gov.uk/integrate-with-integration-environment/log-your-users-out/):
     * its /logout with the ID token it issued as id_token_hint and the registered post-logout URI, then the broker's page.
     */
    @Test
    void signingOutAtTheBroker_signsOutOfOneLoginToo() throws Exception {
        Persona person = newPerson();
        oneLogin.signInAs(person);
        Browser browser = new Browser();
        app.tokens(browser, "gov-uk");

        Browser.Page leaving = browser.post(broker.uri("/logout"), Map.of("_csrf", csrfToken(browser.get(broker.uri("/account")).body())));

        assertThat(leaving.next().toString()).startsWith(oneLogin.issuer() + "/logout?id_token_hint=");
        Browser.Page end = browser.follow(leaving);
        assertThat(end.uri()).isEqualTo(broker.uri("/signed-out"));
        assertThat(end.status()).isEqualTo(200);
        FakeUpstream.Logout logout = oneLogin.logouts().get(oneLogin.logouts().size() - 1);
        assertThat(logout.postLogoutRedirectUri()).isEqualTo(broker.uri("/signin/signed-out/gov-uk").toString());
        assertThat(SignedJWT.parse(logout.idTokenHint()).getJWTClaimsSet().getSubject()).isEqualTo(person.subject());
        assertThat(browser.get(broker.uri("/account")).location()).as("signed out of the broker").contains("/signin");
    }

    /** An app's RP-initiated logout goes by way of One Login, and ends at the app's post-logout URI with the app's state. */
    @Test
    void anAppsLogout_goesByWayOfOneLogin_toTheAppsPostLogoutUri() {
        oneLogin.signInAs(newPerson());
        Browser browser = new Browser();
        TestBroker.Json tokens = app.tokens(browser, "gov-uk");
        int before = oneLogin.logouts().size();

        Browser.Page leaving = browser.get(UriComponentsBuilder.fromUri(broker.uri("/connect/logout"))
                .queryParam("id_token_hint", tokens.string("id_token")).queryParam("post_logout_redirect_uri", APP_SIGNED_OUT)
                .queryParam("state", "app-state-1").build().toUri());
        Browser.Page last = browser.follow(leaving, uri -> uri.toString().startsWith(APP_SIGNED_OUT));

        assertThat(oneLogin.logouts()).hasSize(before + 1);
        assertThat(last.location()).isEqualTo(APP_SIGNED_OUT + "?state=app-state-1");
    }

    /** The return leg takes nothing from the query but the state: a forged or replayed one goes to the broker's own page. */
    @Test
    void aReturnFromOneLogin_withAnotherState_endsAtTheBrokersPage_notTheApps() {
        oneLogin.signInAs(newPerson());
        Browser browser = new Browser();
        TestBroker.Json tokens = app.tokens(browser, "gov-uk");
        Browser.Page leaving = browser.get(UriComponentsBuilder.fromUri(broker.uri("/connect/logout"))
                .queryParam("id_token_hint", tokens.string("id_token")).queryParam("post_logout_redirect_uri", APP_SIGNED_OUT)
                .queryParam("state", "app-state-2").build().toUri());
        assertThat(leaving.next().toString()).startsWith(oneLogin.issuer() + "/logout?");

        Browser.Page forged = browser.get(broker.uri("/signin/signed-out/gov-uk?state=forged"));
        Browser.Page otherUpstream = browser.get(broker.uri("/signin/signed-out/gov-uk-low?state=forged"));

        assertThat(forged.location()).isEqualTo(broker.uri("/signed-out").toString());
        assertThat(otherUpstream.location()).isEqualTo(broker.uri("/signed-out").toString());
    }

    private static String csrfToken(String html) {
        Matcher matcher = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
        return matcher.group(1);
    }

    private static void assertRefused(Browser.Page end) {
        assertThat(end.status()).isEqualTo(400);
        assertThat(end.location()).isNull();
        assertThat(end.body()).contains("We could not confirm who signed in");
        AuditEvent failed = broker.bean(AuditLog.class).recent(20).stream()
                .filter(e -> e.type() == AuditEventType.SIGN_IN_FAILED && "gov-uk".equals(e.upstreamId())).findFirst().orElseThrow();
        assertThat(failed.details()).containsEntry("reason", "INVALID_RESPONSE");
    }
}
