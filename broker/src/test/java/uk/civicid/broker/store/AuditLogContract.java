package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.audit.AuditEntry;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditPage;
import uk.civicid.broker.audit.AuditQuery;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.store.memory.MemoryAuditLog;
import uk.civicid.broker.store.redis.RedisAuditLog;
import uk.civicid.broker.store.redis.RedisKeys;
import uk.civicid.broker.testsupport.RedisStores;

/** What every audit log must do: keep events in order, newest first, within a bounded size, and answer filtered, paged queries. */
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

    static AuditEvent adminChange(int i, String target) {
        return new AuditEvent(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), AuditEventType.ACCOUNT_DISABLED, "admin",
                null, null, Map.of("target", target, "before", "{}", "after", "{}"));
    }

    static AuditQuery query(String account, String client, AuditEventType type, Instant from, Instant to, String before, int limit) {
        return new AuditQuery(account, client, type, from, to, before, limit);
    }

    @Test
    void aQuery_filtersByPersonClientTypeAndTime_newestFirst() {
        AuditLog log = log();
        IntStream.range(0, 10).forEach(i -> log.record(event(i)));
        log.record(adminChange(10, "account-3"));
        assertThat(log.query(query("account-3", null, null, null, null, null, 50)).events()).extracting(AuditEntry::event)
                .containsExactly(adminChange(10, "account-3"), event(3));
        assertThat(log.query(query(null, null, AuditEventType.ACCOUNT_DISABLED, null, null, null, 50)).events()).hasSize(1);
        assertThat(log.query(query(null, "tax", null, null, null, null, 50)).events()).hasSize(10);
        assertThat(log.query(query(null, "other", null, null, null, null, 50))).isEqualTo(new AuditPage(List.of(), null));
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(log.query(query(null, null, null, start.plusSeconds(2), start.plusSeconds(5), null, 50)).events())
                .extracting(AuditEntry::event).containsExactly(event(4), event(3), event(2));
    }

    @Test
    void aCursor_pagesThroughEveryMatchOnce() {
        AuditLog log = log();
        IntStream.range(0, 25).forEach(i -> log.record(event(i)));
        List<AuditEvent> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10; pages++) {
            AuditPage page = log.query(query(null, "tax", null, null, null, cursor, 7));
            page.events().forEach(e -> seen.add(e.event()));
            cursor = page.next();
            if (cursor == null) {
                break;
            }
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isEqualTo(event(24));
        assertThat(seen.get(24)).isEqualTo(event(0));
    }

    @Test
    void aCursorNotOfThisLog_isRefused() {
        assertThatThrownBy(() -> log().query(query(null, null, null, null, null, "not-a-cursor", 5)))
                .isInstanceOf(IllegalArgumentException.class);
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
