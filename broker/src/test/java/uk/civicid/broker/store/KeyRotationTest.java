package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.broker.testsupport.TestRedis;

/**
 * Signing-key rotation across two nodes without downtime: the new key is published on every node before any signs
 * with it, and tokens signed with the old key keep working everywhere.
 */
class KeyRotationTest {

    static TestRedis redis;
    static FakeUpstream upstream;
    static TestBroker nodeA;
    static TestBroker nodeB;

    @BeforeAll
    static void start() {
        redis = TestRedis.startOwn(false);
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        int portA = TestBroker.freePort();
        Map<String, Object> properties = new HashMap<>(redis.brokerProperties());
        properties.putAll(TestUpstream.properties(Map.of(
                "civicid.issuer", "http://127.0.0.1:" + portA,
                "civicid.tokens.signing-key-rotation", "12s",
                "civicid.tokens.signing-key-refresh", "300ms"),
                TestUpstream.of(upstream, "council").named("Council staff")));
        properties.putAll(TestApp.registration(0, "tax"));
        properties.put("civicid.clients[0].client-secret-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("tax-secret"));
        nodeA = TestBroker.start(portA, properties);
        nodeB = TestBroker.start(properties);
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
        upstream.close();
        redis.close();
    }

    @Test
    void aRotation_publishesTheNewKeyEverywhereFirst_andOldTokensKeepWorking() throws Exception {
        TestBroker.Json before = new TestApp(nodeA, "tax", "tax-secret").tokens(new Browser(), "council");
        TestBroker.Json untouched = new TestApp(nodeA, "tax", "tax-secret").tokens(new Browser(), "council");
        String oldKid = SignedJWT.parse(before.string("access_token")).getHeader().getKeyID();
        assertThat(keysAt(nodeA)).isEqualTo(2);

        await(() -> keysAt(nodeA) == 4 && keysAt(nodeB) == 4, "the new key pair published on both nodes");
        assertThat(JWKSet.parse(new Browser().get(nodeA.uri("/oauth2/jwks")).body()).getKeyByKeyId(oldKid)).isNotNull();

        // Once published everywhere, the new key signs; the old one still verifies what it signed.
        String[] refreshToken = {before.string("refresh_token")};
        String[] newToken = {null};
        await(() -> {
            TestBroker.Json refreshed = nodeA.post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken[0]),
                    "tax", "tax-secret");
            refreshToken[0] = refreshed.string("refresh_token");
            newToken[0] = refreshed.string("access_token");
            return !kid(newToken[0]).equals(oldKid);
        }, "a token signed with the new key");
        assertThat(nodeB.getWithBearer("/userinfo", newToken[0]).status()).isEqualTo(200);
        assertThat(kid(untouched.string("access_token"))).isEqualTo(oldKid);
        assertThat(nodeB.getWithBearer("/userinfo", untouched.string("access_token")).status()).as("signed before the rotation").isEqualTo(200);
        assertThat(new Browser().get(nodeB.uri("/oauth2/jwks")).body()).isEqualTo(new Browser().get(nodeA.uri("/oauth2/jwks")).body());
    }

    private static int keysAt(TestBroker node) {
        try {
            return JWKSet.parse(new Browser().get(node.uri("/oauth2/jwks")).body()).getKeys().size();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kid(String jwt) {
        try {
            return SignedJWT.parse(jwt).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for %s", what).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
