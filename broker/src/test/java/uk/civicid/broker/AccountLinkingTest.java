package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.session.BrokerSessions;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.FakeUpstream.Persona;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * One identity, many logins, through real HTTP: a broker with two upstreams (council staff login and a
 * citizen login), the account page's link and unlink forms, and the sign-ins at an app that follow.
 */
class AccountLinkingTest {

    static FakeUpstream council;
    static FakeUpstream citizen;
    static TestBroker broker;
    static TestApp app;

    @BeforeAll
    static void start() {
        council = FakeUpstream.start("civicid", "council-secret", FakeUpstream.KeyType.RS256);
        citizen = FakeUpstream.start("civicid-broker", "citizen-secret", FakeUpstream.KeyType.ES256);
        Map<String, Object> config = new HashMap<>(TestApp.registration(0, "services"));
        config.putAll(TestUpstream.properties(TestUpstream.of(council, "council").named("Council staff"),
                TestUpstream.of(citizen, "citizen").named("Citizen login")));
        broker = TestBroker.start(config);
        app = new TestApp(broker, "services");
    }

    @AfterAll
    static void stop() {
        broker.close();
        council.close();
        citizen.close();
    }

    @Test
    void firstSignIn_createsAnAccount_whosePageListsTheLogin() {
        Browser browser = signedInWith(council, person("council"));

        Browser.Page page = accountPage(browser);
        assertThat(linkedLogins(page)).containsExactly("Council staff");
        assertThat(page.body()).contains("<option value=\"citizen\">Citizen login</option>");
    }

    @Test
    void linkingASecondLogin_fromTheAccountPage_givesTheSameSubWithEitherLogin() {
        Persona atCouncil = person("council");
        Persona atCitizen = person("citizen");
        Browser browser = signedInWith(council, atCouncil);

        Browser.Page linked = link(browser, citizen, atCitizen);
        assertThat(linked.status()).isEqualTo(200);
        assertThat(linked.body()).contains("The login was added to your account.");
        assertThat(linkedLogins(linked)).containsExactlyInAnyOrder("Council staff", "Citizen login");

        assertThat(subjectAtApp(citizen, atCitizen)).isEqualTo(subjectAtApp(council, atCouncil));
    }

    /** OIDC Core §5.7: only iss and sub together identify a person; an email address never merges accounts. */
    @Test
    void sameVerifiedEmail_atTwoUpstreams_givesTwoAccounts() {
        String email = "shared-" + UUID.randomUUID() + "@example.org";
        Persona atCouncil = Persona.of("council-" + UUID.randomUUID(), email, "Sam Jones");
        Persona atCitizen = Persona.of("citizen-" + UUID.randomUUID(), email, "Sam Jones");

        assertThat(subjectAtApp(citizen, atCitizen)).isNotEqualTo(subjectAtApp(council, atCouncil));
    }

    @Test
    void linkingALoginOfAnotherAccount_isRefusedWithAPage_andNeitherAccountChanges() {
        Persona first = person("council");
        Persona second = person("citizen");
        String firstSub = subjectAtApp(council, first);
        String secondSub = subjectAtApp(citizen, second);
        Browser browser = signedInWith(council, first);

        Browser.Page refused = link(browser, citizen, second);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("That login belongs to another account", "href=\"/account\"");

        assertThat(linkedLogins(accountPage(browser))).containsExactly("Council staff");
        assertThat(subjectAtApp(council, first)).isEqualTo(firstSub);
        assertThat(subjectAtApp(citizen, second)).isEqualTo(secondSub);
        assertThat(linkedLogins(accountPage(signedInWith(citizen, second)))).containsExactly("Citizen login");
    }

    @Test
    void unlinkingALogin_works_butNotTheLastOne_andTheUnlinkedLoginThenMakesANewAccount() {
        Persona atCouncil = person("council");
        Persona atCitizen = person("citizen");
        Browser browser = signedInWith(council, atCouncil);
        link(browser, citizen, atCitizen);
        String sub = subjectAtApp(citizen, atCitizen);

        Browser.Page unlinked = unlink(browser, council, atCouncil, csrfToken(accountPage(browser)));
        assertThat(unlinked.body()).contains("The login was removed from your account.");
        assertThat(linkedLogins(unlinked)).containsExactly("Citizen login");

        Browser.Page refused = unlink(browser, citizen, atCitizen, csrfToken(accountPage(browser)));
        assertThat(refused.body()).contains("You cannot remove your only login.");
        assertThat(linkedLogins(refused)).containsExactly("Citizen login");

        assertThat(subjectAtApp(citizen, atCitizen)).isEqualTo(sub);
        assertThat(subjectAtApp(council, atCouncil)).isNotEqualTo(sub);
    }

    /** A link finished in another browser than it started in is refused: login CSRF (RFC 9700 §4.7). */
    @Test
    void linkCallback_openedInAnotherBrowser_isRefused() {
        Persona victim = person("council");
        Persona attacker = person("citizen");
        Browser attackersBrowser = signedInWith(council, person("council"));
        citizen.signInAs(attacker);
        Browser.Page toCallback = attackersBrowser.follow(
                attackersBrowser.post(broker.uri("/account/link"), Map.of("upstream", "citizen", "_csrf", csrfToken(accountPage(attackersBrowser)))),
                uri -> uri.getPath().startsWith("/signin/callback/"));
        Browser victimsBrowser = signedInWith(council, victim);

        Browser.Page refused = victimsBrowser.get(toCallback.next());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(linkedLogins(accountPage(victimsBrowser))).containsExactly("Council staff");
    }

    /** The account page's forms carry a CSRF token: another site cannot make a signed-in person link or unlink. */
    @Test
    void linkAndUnlink_withoutCsrfToken_areRefused_andChangeNothing() {
        Persona atCouncil = person("council");
        Persona atCitizen = person("citizen");
        Browser browser = signedInWith(council, atCouncil);
        link(browser, citizen, atCitizen);

        Browser.Page linkRefused = browser.post(broker.uri("/account/link"), Map.of("upstream", "citizen"));
        assertThat(linkRefused.status()).isEqualTo(403);
        assertThat(linkRefused.location()).isNull();
        Browser.Page unlinkRefused = browser.post(broker.uri("/account/unlink"),
                Map.of("issuer", council.issuer(), "subject", atCouncil.subject()));
        assertThat(unlinkRefused.status()).isEqualTo(403);

        assertThat(linkedLogins(accountPage(browser))).containsExactlyInAnyOrder("Council staff", "Citizen login");
    }

    /**
     * A single sign-on session ended elsewhere (its lifetime, another node, an administrator) no longer signs
     * this browser in, so its account page cannot be used to add or remove logins.
     */
    @Test
    void afterTheSessionEndedElsewhere_theAccountPage_asksToSignInAgain() throws ParseException {
        Persona atCouncil = person("council");
        council.signInAs(atCouncil);
        Browser browser = new Browser();
        JWTClaimsSet idToken = app.signIn(browser, "council");
        String csrfToken = csrfToken(accountPage(browser));

        broker.bean(BrokerSessions.class).end(idToken.getStringClaim("sid"));

        assertSentToSignIn(browser.get(broker.uri("/account")));
        assertSentToSignIn(browser.post(broker.uri("/account/link"), Map.of("upstream", "citizen", "_csrf", csrfToken)));
        // Signing in again in the same browser takes the person back to the app, with a new session.
        JWTClaimsSet again = app.signIn(browser, "council");
        assertThat(again.getSubject()).isEqualTo(idToken.getSubject());
        assertThat(again.getStringClaim("sid")).isNotEqualTo(idToken.getStringClaim("sid"));
    }

    private static Persona person(String upstream) {
        String id = upstream + "-" + UUID.randomUUID();
        return Persona.of(id, id + "@example.org", "Person " + id);
    }

    /** A new browser signed in at the broker itself (no app), which ends on the account page. */
    private static Browser signedInWith(FakeUpstream upstream, Persona person) {
        upstream.signInAs(person);
        Browser browser = new Browser();
        Browser.Page end = browser.follow(browser.get(broker.uri("/signin/" + idOf(upstream))));
        assertThat(end.status()).isEqualTo(200);
        assertThat(end.uri().getPath()).isEqualTo("/account");
        return browser;
    }

    /** The broker sub an app gets when this person signs in with this login in a fresh browser. */
    private static String subjectAtApp(FakeUpstream upstream, Persona person) {
        upstream.signInAs(person);
        return app.signIn(new Browser(), idOf(upstream)).getSubject();
    }

    private static Browser.Page link(Browser browser, FakeUpstream upstream, Persona person) {
        upstream.signInAs(person);
        return browser.follow(browser.post(broker.uri("/account/link"),
                Map.of("upstream", idOf(upstream), "_csrf", csrfToken(accountPage(browser)))));
    }

    private static Browser.Page unlink(Browser browser, FakeUpstream upstream, Persona person, String csrfToken) {
        return browser.follow(browser.post(broker.uri("/account/unlink"),
                Map.of("issuer", upstream.issuer(), "subject", person.subject(), "_csrf", csrfToken)));
    }

    private static Browser.Page accountPage(Browser browser) {
        Browser.Page page = browser.get(broker.uri("/account"));
        assertThat(page.status()).isEqualTo(200);
        return page;
    }

    private static void assertSentToSignIn(Browser.Page page) {
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.next().getPath()).isEqualTo("/signin");
    }

    private static String idOf(FakeUpstream upstream) {
        return upstream == council ? "council" : "citizen";
    }

    /** The token the page's forms carry, as a browser would submit it. */
    private static String csrfToken(Browser.Page page) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).as("CSRF token in the page's form").isTrue();
        return m.group(1);
    }

    /** The names in the first column of the account page's table of logins. */
    private static List<String> linkedLogins(Browser.Page page) {
        return Pattern.compile("<tr>\\s*<td>([^<]*)</td>").matcher(page.body()).results().map(r -> r.group(1)).toList();
    }
}
