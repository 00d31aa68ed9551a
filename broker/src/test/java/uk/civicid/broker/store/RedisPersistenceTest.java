package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.FakeUpstream.Persona;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.broker.testsupport.TestRedis;

/** Redis with append-only persistence, restarted with every broker: nothing a person or an app relies on is lost. */
class RedisPersistenceTest {

    static TestRedis redis;
    static FakeUpstream council;
    static FakeUpstream citizen;
    static Map<String, Object> properties;

    @BeforeAll
    static void start() {
        redis = TestRedis.startOwn(true);
        council = FakeUpstream.start("civicid", "council-secret", FakeUpstream.KeyType.RS256);
        citizen = FakeUpstream.start("civicid", "citizen-secret", FakeUpstream.KeyType.ES256);
        properties = new HashMap<>(redis.brokerProperties());
        properties.putAll(TestUpstream.properties(TestUpstream.of(council, "council").named("Council staff"),
                TestUpstream.of(citizen, "citizen").named("Citizen login")));
        properties.putAll(TestApp.registration(0, "tax"));
        properties.put("civicid.clients[0].client-secret-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("tax-secret"));
    }

    @AfterAll
    static void stop() {
        citizen.close();
        council.close();
        redis.close();
    }

    @Test
    void restartingRedisAndEveryBroker_losesNoAccountLinkKeyOrRefreshToken() {
        Persona atCouncil = Persona.of("council-person", "kim@example.org", "Kim Lee");
        Persona atCitizen = Persona.of("citizen-person", "kim@example.org", "Kim Lee");
        council.signInAs(atCouncil);
        citizen.signInAs(atCitizen);

        TestBroker before = TestBroker.start(properties);
        TestApp app = new TestApp(before, "tax", "tax-secret");
        Browser browser = new Browser();
        TestBroker.Json tokens = app.tokens(browser, "council");
        String subject = app.signIn(browser, "council").getSubject();
        Browser.Page linked = browser.follow(browser.post(before.uri("/account/link"),
                Map.of("upstream", "citizen", "_csrf", csrfToken(browser.get(before.uri("/account")).body()))));
        assertThat(linked.body()).contains("The login was added to your account.");
        String keys = browser.get(before.uri("/oauth2/jwks")).body();
        before.close();

        redis.stop();
        redis.restart();

        TestBroker after = TestBroker.start(properties);
        try {
            TestApp appAfter = new TestApp(after, "tax", "tax-secret");
            assertThat(browser.get(after.uri("/oauth2/jwks")).body()).isEqualTo(keys);
            TestBroker.Json refreshed = after.post("/oauth2/token", Map.of("grant_type", "refresh_token",
                    "refresh_token", tokens.string("refresh_token")), "tax", "tax-secret");
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(appAfter.signIn(new Browser(), "citizen").getSubject()).isEqualTo(subject);
            assertThat(appAfter.signIn(new Browser(), "council").getSubject()).isEqualTo(subject);
        } finally {
            after.close();
        }
    }

    private static String csrfToken(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("CSRF token on the account page").isTrue();
        return m.group(1);
    }
}
