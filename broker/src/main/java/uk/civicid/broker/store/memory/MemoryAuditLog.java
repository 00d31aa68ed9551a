package uk.civicid.broker.store.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditLog;

/** The most recent audit events in memory, capped as the Redis stream will be. */
public class MemoryAuditLog implements AuditLog {

    private final int capacity;
    private final Deque<AuditEvent> events = new ArrayDeque<>();

    public MemoryAuditLog(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void record(AuditEvent event) {
        events.addFirst(event);
        if (events.size() > capacity) {
            events.removeLast();
        }
    }

    @Override
    public synchronized List<AuditEvent> recent(int limit) {
        return new ArrayList<>(events).subList(0, Math.min(limit, events.size()));
    }
}
