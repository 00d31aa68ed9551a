package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.store.memory.MemoryAuditLog;
import uk.civicid.broker.store.redis.RedisAuditLog;
import uk.civicid.broker.store.redis.RedisKeys;
import uk.civicid.broker.testsupport.RedisStores;

/** What every audit log must do: keep events in order, newest first, within a bounded size. */
abstract class AuditLogContract {

    static final int RETENTION = 100;

    abstract AuditLog log();

    static AuditEvent event(int i) {
        return new AuditEvent(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), AuditEventType.SIGN_IN_FAILED, "account-" + i,
                "tax", "council", Map.of("reason", "EXPIRED"));
    }

    @Test
    void recent_isNewestFirst_andLimited() {
        AuditLog log = log();
        IntStream.range(0, 5).forEach(i -> log.record(event(i)));
        assertThat(log.recent(3)).containsExactly(event(4), event(3), event(2));
    }

    @Test
    void theLog_doesNotGrowWithoutBound() {
        AuditLog log = log();
        IntStream.range(0, RETENTION * 3).forEach(i -> log.record(event(i)));
        assertThat(log.recent(RETENTION * 3).size()).isBetween(RETENTION, RETENTION * 2);
        assertThat(log.recent(1)).containsExactly(event(RETENTION * 3 - 1));
    }
}

class MemoryAuditLogTest extends AuditLogContract {
    @Override
    AuditLog log() {
        return new MemoryAuditLog(RETENTION);
    }
}

class RedisAuditLogTest extends AuditLogContract {
    @Override
    AuditLog log() {
        RedisKeys keys = RedisStores.freshKeys();
        return new RedisAuditLog(RedisStores.template(), keys, RedisStores.json(), RETENTION);
    }
}
