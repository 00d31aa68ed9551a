package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.broker.testsupport.TestRedis;

/**
 * The audit export as a SIEM consumes it: a consumer group on the Redis stream {prefix}audit, one JSON document
 * per entry in the field "event" (the format documented in the README), acknowledged once forwarded.
 */
class AuditStreamTest {

    static TestRedis redis;
    static FakeUpstream upstream;
    static TestBroker broker;

    @BeforeAll
    static void start() {
        redis = TestRedis.startOwn(false);
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        Map<String, Object> properties = new HashMap<>(redis.brokerProperties());
        properties.putAll(TestUpstream.properties(
                TestUpstream.of(upstream, "council").named("Council staff")));
        properties.putAll(TestApp.registration(0, "tax"));
        broker = TestBroker.start(properties);
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
        redis.close();
    }

    @Test
    void aSiemConsumer_readsEachSecurityEventOnce_asJson() throws Exception {
        StringRedisTemplate stream = broker.bean(StringRedisTemplate.class);
        String key = redis.keyPrefix() + "audit";
        new TestApp(broker, "tax").signIn(new Browser(), "council");

        stream.opsForStream().createGroup(key, ReadOffset.from("0"), "siem");
        List<MapRecord<String, Object, Object>> batch = stream.opsForStream().read(Consumer.from("siem", "forwarder-1"),
                StreamOffset.create(key, ReadOffset.lastConsumed()));
        List<Map<String, Object>> events = batch.stream().map(r -> {
            try {
                return JSONObjectUtils.parse((String) r.getValue().get("event"));
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(events).anySatisfy(e -> {
            assertThat(e).containsEntry("type", "ACCOUNT_CREATED");
            assertThat(e.get("accountId")).isNotNull();
        });
        assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("type", "SIGN_IN_SUCCEEDED").containsEntry("upstreamId", "council")
                .containsKey("at"));
        batch.forEach(r -> stream.opsForStream().acknowledge(key, "siem", r.getId()));
        assertThat(stream.opsForStream().read(Consumer.from("siem", "forwarder-1"), StreamOffset.create(key, ReadOffset.lastConsumed())))
                .as("nothing is delivered twice").isEmpty();
    }
}
