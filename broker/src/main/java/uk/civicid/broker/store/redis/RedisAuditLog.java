package uk.civicid.broker.store.redis;

import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditLog;

/** Audit events in a Redis stream, one JSON field per entry, trimmed to the configured retention as it grows. */
public class RedisAuditLog implements AuditLog {

    private static final String FIELD = "event";

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;
    private final int retention;

    public RedisAuditLog(StringRedisTemplate redis, RedisKeys keys, JsonMapper json, int retention) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
        this.retention = retention;
    }

    @Override
    public void record(AuditEvent event) {
        MapRecord<String, String, String> entry = StreamRecords.newRecord().in(keys.audit())
                .ofMap(Map.of(FIELD, json.writeValueAsString(event)));
        // Approximate trimming (MAXLEN ~) is O(1) per add; the stream never holds much more than the retention.
        redis.opsForStream().add(entry, XAddOptions.maxlen(retention).approximateTrimming(true));
    }

    @Override
    public List<AuditEvent> recent(int limit) {
        return redis.<String, String>opsForStream().reverseRange(keys.audit(), Range.unbounded(), Limit.limit().count(limit)).stream()
                .map(entry -> json.readValue(entry.getValue().get(FIELD), AuditEvent.class))
                .toList();
    }
}
