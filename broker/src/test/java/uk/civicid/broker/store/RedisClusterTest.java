package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import uk.civicid.broker.client.AppRepository;
import uk.civicid.broker.client.Apps;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.broker.testsupport.TestRedisCluster;

/** The whole sign-in against a three-master Redis Cluster: every multi-key write stays within one hash slot. */
class RedisClusterTest {

    static TestRedisCluster cluster;
    static FakeUpstream upstream;
    static TestBroker broker;

    @BeforeAll
    static void start() {
        cluster = TestRedisCluster.start();
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        Map<String, Object> properties = new HashMap<>(cluster.brokerProperties());
        properties.putAll(TestUpstream.properties(
                TestUpstream.of(upstream, "council").named("Council staff")));
        properties.putAll(TestApp.registration(0, "tax"));
        properties.put("civicid.clients[0].client-secret-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("tax-secret"));
        broker = TestBroker.start(properties);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        upstream.close();
        cluster.close();
    }

    /** Registering, listing and deleting apps are multi-key scripts and reads: one slot ({apps}) on a cluster. */
    @Test
    void registeredApps_workOnACluster() {
        Apps.Issued issued = broker.bean(Apps.class).create(Map.of("client_name", "Reports", "grant_types", List.of("client_credentials")),
                "admin", true);
        String clientId = issued.app().clientId();
        assertThat(broker.post("/oauth2/token", Map.of("grant_type", "client_credentials"), clientId, issued.clientSecret()).status())
                .isEqualTo(200);
        assertThat(broker.bean(Apps.class).all()).anyMatch(app -> app.clientId().equals(clientId));
        assertThat(broker.bean(AppRepository.class).delete(clientId)).isTrue();
        assertThat(broker.post("/oauth2/token", Map.of("grant_type", "client_credentials"), clientId, issued.clientSecret()).status())
                .isEqualTo(401);
    }

    @Test
    void signIn_tokens_refresh_userinfo_andLogout_onACluster() throws Exception {
        TestApp app = new TestApp(broker, "tax", "tax-secret");
        Browser browser = new Browser();
        TestBroker.Json tokens = app.tokens(browser, "council");
        String subject = SignedJWT.parse(tokens.string("id_token")).getJWTClaimsSet().getSubject();
        assertThat(app.signIn(new Browser(), "council").getSubject()).isEqualTo(subject);
        // Really on the cluster: the account and its link are there, in one slot.
        StringRedisTemplate redis = broker.bean(StringRedisTemplate.class);
        assertThat(redis.keys("cluster-test:{accounts}:*")).hasSize(3); // account, login index, email index

        TestBroker.Json refreshed = broker.post("/oauth2/token", Map.of("grant_type", "refresh_token",
                "refresh_token", tokens.string("refresh_token")), "tax", "tax-secret");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(broker.getWithBearer("/userinfo", refreshed.string("access_token")).body()).containsEntry("sub", subject);

        Browser.Page signedOut = browser.get(broker.uri("/connect/logout?id_token_hint=" + refreshed.string("id_token")));
        assertThat(signedOut.status()).isEqualTo(302);
        assertThat(browser.get(broker.uri("/account")).status()).isEqualTo(302); // signed out: sent to sign in
    }
}
