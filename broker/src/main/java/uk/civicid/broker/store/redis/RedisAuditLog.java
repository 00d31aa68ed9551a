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
import uk.civicid.broker.audit.AuditEntry;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditLog;

/** Audit events in a Redis stream, one JSON field per entry, trimmed to the configured retention as it grows. */
public class RedisAuditLog implements AuditLog {

    private static final String FIELD = "event";
    private static final java.util.regex.Pattern STREAM_ID = java.util.regex.Pattern.compile("\\d{1,20}-\\d{1,20}");

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
    public List<AuditEntry> olderThan(String before, int count) {
        if (before != null && !STREAM_ID.matcher(before).matches()) {
            throw new IllegalArgumentException("not an audit entry id");
        }
        // XREVRANGE from the cursor itself (inclusive), dropping it: exclusive ranges need Redis 6.2.
        Range<String> range = before == null ? Range.unbounded() : Range.of(Range.Bound.unbounded(), Range.Bound.inclusive(before));
        return redis.<String, String>opsForStream().reverseRange(keys.audit(), range, Limit.limit().count(before == null ? count : count + 1))
                .stream().filter(entry -> !entry.getId().getValue().equals(before)).limit(count)
                .map(entry -> new AuditEntry(entry.getId().getValue(), json.readValue(entry.getValue().get(FIELD), AuditEvent.class)))
                .toList();
    }

    @Override
    public List<AuditEvent> recent(int limit) {
        return redis.<String, String>opsForStream().reverseRange(keys.audit(), Range.unbounded(), Limit.limit().count(limit)).stream()
                .map(entry -> json.readValue(entry.getValue().get(FIELD), AuditEvent.class))
                .toList();
    }
}
