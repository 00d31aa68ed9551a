package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.RegisteredUpstreams;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestRedis;

/**
 * Two nodes on one Redis: an upstream added on one node is used for sign-in on the other within the refresh interval,
 * with no restart, and disabling it there stops sign-ins on both.
 */
class UpstreamsScaleOutTest {

    static TestRedis redis;
    static FakeUpstream library;
    static TestBroker nodeA;
    static TestBroker nodeB;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        library = FakeUpstream.start("civicid-library", "library-secret", FakeUpstream.KeyType.ES256);
        int portA = TestBroker.freePort();
        Map<String, Object> properties = new HashMap<>(redis.brokerProperties());
        properties.put("civicid.issuer", "http://127.0.0.1:" + portA);
        properties.put("civicid.federation.upstream-refresh", "1s");
        properties.putAll(TestApp.registration(0, "tax"));
        nodeA = TestBroker.start(portA, properties);
        nodeB = TestBroker.start(properties);
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
        library.close();
        redis.close();
    }

    @Test
    void anUpstreamAddedOnOneNode_isUsedOnTheOther_withinTheRefreshInterval() throws Exception {
        nodeA.bean(RegisteredUpstreams.class).add(new CivicIdProperties.Upstream("library", null,
                new CivicIdProperties.LocalisedText("Library card", null), URI.create(library.issuer()), "civicid-library", null,
                "library-secret", null, null, null, null, null, List.of("ES256"), null, null, null, null, null, null, true), null);
        assertThat(signInPage(nodeA).status()).as("in effect at once on the node that made it").isEqualTo(302);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (signInPage(nodeB).status() != 302 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        // Node B has it: a whole sign-in there, through the new upstream (the callback goes to the issuer, node A's address).
        assertThat(new TestApp(nodeB, "tax").signIn(new Browser(), "library").getSubject()).isNotBlank();

        nodeB.bean(RegisteredUpstreams.class).enable("library", false);
        assertThat(signInPage(nodeB).status()).isEqualTo(404);
        long disabledBy = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (signInPage(nodeA).status() != 404 && System.nanoTime() < disabledBy) {
            Thread.sleep(200);
        }
        assertThat(signInPage(nodeA).status()).isEqualTo(404);
    }

    private static Browser.Page signInPage(TestBroker node) {
        return new Browser().get(node.uri("/signin/library"));
    }
}
