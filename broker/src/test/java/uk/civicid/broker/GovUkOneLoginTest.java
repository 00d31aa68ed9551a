package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
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
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * {@code profile: gov-uk-one-login}, against a stand-in that behaves as GOV.UK One Login's technical documentation says
 * ("Authenticate your user", https://docs.sign-in.service.gov.uk/integrate-with-integration-environment/authenticate-your-user/):
 * private_key_jwt, ES256 ID tokens, claims only at userinfo, {@code vtr} asked as a JSON array and the level met
 * answered in the ID token's {@code vot}, {@code ui_locales} en or cy. A {@code vot} that is not one of the vectors asked
 * for is refused, so a sign-in at a lower level than configured never reaches an app.
 */
class GovUkOneLoginTest {

    static FakeUpstream oneLogin;
    static TestBroker broker;
    static TestApp app;

    @BeforeAll
    static void start() {
        oneLogin = FakeUpstream.start("civicid-one-login", "unused", FakeUpstream.KeyType.ES256);
        oneLogin.claimsOnlyAtUserInfo(true);
        Map<String, Object> app = new HashMap<>(TestApp.registration(0, "tax"));
        app.putAll(Map.of("civicid.clients[0].scopes[0]", "openid", "civicid.clients[0].scopes[1]", "email",
                "civicid.clients[0].scopes[2]", "phone", "civicid.clients[0].scopes[3]", "profile"));
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(app,
                TestUpstream.of(oneLogin, "gov-uk").named("GOV.UK One Login", "GOV.UK One Login (cy)")
                        .set("profile", "gov-uk-one-login").without("client-secret"),
                TestUpstream.of(oneLogin, "gov-uk-low").set("profile", "gov-uk-one-login").list("vtr", "Cl").without("client-secret")));
        broker = TestBroker.start(properties);
        oneLogin.trustClientJwksAt(broker.uri("/signin/client-jwks"));
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

    private static void assertRefused(Browser.Page end) {
        assertThat(end.status()).isEqualTo(400);
        assertThat(end.location()).isNull();
        assertThat(end.body()).contains("We could not confirm who signed in");
        AuditEvent failed = broker.bean(AuditLog.class).recent(20).stream()
                .filter(e -> e.type() == AuditEventType.SIGN_IN_FAILED && "gov-uk".equals(e.upstreamId())).findFirst().orElseThrow();
        assertThat(failed.details()).containsEntry("reason", "INVALID_RESPONSE");
    }
}
