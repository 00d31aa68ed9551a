package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** What a platform team watches: Prometheus metrics of the flows, and health that isolates a failing upstream. */
class OperationsTest {

    static FakeUpstream upstream;
    static TestBroker broker;
    static TestApp app;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(
                TestUpstream.of(upstream, "council").named("Council staff"),
                // An upstream that is down: nothing listens there.
                TestUpstream.at("outage", "http://127.0.0.1:" + TestBroker.freePort(), "civicid", "secret").named("Broken login")));
        properties.putAll(TestApp.registration(0, "tax"));
        broker = TestBroker.start(properties);
        app = new TestApp(broker, "tax");
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
    }

    /** As Prometheus or a platform's health check asks: no browser Accept header. */
    private static HttpResponse<String> scrape(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(broker.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void signInsTokensAndUpstreamCalls_areCounted() {
        app.signIn(new Browser(), "council");
        String metrics = scrape("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern("civicid_signins_total\\{[^}]*outcome=\"success\"[^}]*upstream=\"council\"[^}]*} [1-9]")
                .containsPattern("civicid_tokens_issued_total\\{grant=\"authorization_code\",[^}]*type=\"access_token\"[^}]*} [1-9]")
                .containsPattern("civicid_upstream_requests_seconds_count\\{[^}]*outcome=\"ok\"[^}]*upstream=\"council\"[^}]*} [1-9]")
                .contains("civicid_audit_events_total{");
    }

    /** One upstream's outage shows in health, but the broker stays ready: its other logins keep working. */
    @Test
    void anUpstreamOutage_degradesHealth_butNotReadiness() {
        assertThat(app.attemptSignIn(new Browser(), "outage").status()).isEqualTo(503);
        HttpResponse<String> health = scrape("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"upstreams\":{\"status\":\"DOWN\"");
        assertThat(scrape("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(app.signIn(new Browser(), "council").getSubject()).isNotBlank();
        String metrics = scrape("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("civicid_signins_total\\{[^}]*outcome=\"upstream_unavailable\"[^}]*upstream=\"outage\"");
    }
}
