package uk.civicid.broker.store.memory;

import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import uk.civicid.broker.audit.AuditEntry;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditLog;

/** The most recent audit events in memory, capped as the Redis stream will be; ids are a sequence number. */
public class MemoryAuditLog implements AuditLog {

    private final int capacity;
    private final TreeMap<Long, AuditEvent> events = new TreeMap<>();
    private long sequence;

    public MemoryAuditLog(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void record(AuditEvent event) {
        events.put(++sequence, event);
        if (events.size() > capacity) {
            events.pollFirstEntry();
        }
    }

    @Override
    public synchronized List<AuditEvent> recent(int limit) {
        return events.descendingMap().values().stream().limit(limit).toList();
    }

    @Override
    public synchronized List<AuditEntry> olderThan(String before, int count) {
        NavigableMap<Long, AuditEvent> older = before == null ? events.descendingMap() : events.headMap(parse(before), false).descendingMap();
        return older.entrySet().stream().limit(count).map(e -> new AuditEntry(String.valueOf(e.getKey()), e.getValue())).toList();
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an audit entry id");
        }
    }
}
