package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.broker.testsupport.TestRedis;

/** Redis going away under traffic: clean 503s, a node that reports itself not ready, and recovery by itself. */
class RedisFaultsTest {

    static TestRedis redis;
    static FakeUpstream upstream;
    static TestBroker broker;
    static TestApp app;

    @BeforeAll
    static void start() {
        redis = TestRedis.startOwn(false);
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        Map<String, Object> properties = new HashMap<>(redis.brokerProperties());
        properties.putAll(TestUpstream.properties(
                TestUpstream.of(upstream, "council").named("Council staff")));
        properties.putAll(TestApp.registration(0, "mobile-app"));
        broker = TestBroker.start(properties);
        app = new TestApp(broker, "mobile-app");
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
        redis.close();
    }

    @Test
    void redisStopped_requestsFailCleanly_readinessIsDown_andItRecoversByItself() throws Exception {
        Browser browser = new Browser();
        TestApp.Code code = app.code(browser, "council");
        assertThat(readiness()).isEqualTo(200);

        redis.stop();
        try {
            TestBroker.Json token = app.redeem(code);
            assertThat(token.status()).isEqualTo(503);
            assertThat(token.string("error")).isEqualTo("temporarily_unavailable");

            Browser.Page page = app.attemptSignIn(new Browser(), "council");
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.body()).contains("Try again").doesNotContain("Exception");

            assertThat(readiness()).isEqualTo(503);
            // The process is up and serves what needs no store.
            assertThat(new Browser().get(broker.uri("/oauth2/jwks")).status()).isEqualTo(200);
        } finally {
            redis.restart();
        }

        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (readiness() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(readiness()).isEqualTo(200);
        // Redis kept nothing (no persistence here), so the person simply signs in again.
        assertThat(app.signIn(new Browser(), "council").getSubject()).isNotBlank();
    }

    @Test
    void redisConfiguredButUnreachable_brokerRefusesToStart_sayingWhy() {
        Map<String, Object> properties = new HashMap<>(redis.brokerProperties());
        properties.put("spring.data.redis.url", "redis://127.0.0.1:" + TestBroker.freePort());
        assertThatThrownBy(() -> TestBroker.start(properties))
                .hasStackTraceContaining("Redis is configured (spring.data.redis.*) but cannot be reached");
    }

    private static int readiness() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(broker.uri("/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
