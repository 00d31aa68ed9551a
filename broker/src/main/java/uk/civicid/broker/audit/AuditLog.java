package uk.civicid.broker.audit;

import java.util.ArrayList;
import java.util.List;

/** Where security events are recorded. */
public interface AuditLog {

    /** How many entries one query reads at most: a rare filter gives a short page (with a cursor) rather than a long wait. */
    int SCAN_LIMIT = 5000;
    int BATCH = 200;

    void record(AuditEvent event);

    /** The most recent events, newest first. */
    List<AuditEvent> recent(int limit);

    /**
     * Up to {@code count} entries older than the one with id {@code before} (from the newest when null), newest first.
     *
     * @throws IllegalArgumentException when {@code before} is not an id of this log's form
     */
    List<AuditEntry> olderThan(String before, int count);

    /**
     * The events matching the query, newest first, reading the log backwards from the query's cursor. Reads at most
     * {@link #SCAN_LIMIT} entries: the page's cursor then lets the caller read on.
     */
    default AuditPage query(AuditQuery query) {
        List<AuditEntry> found = new ArrayList<>();
        String cursor = query.before();
        int scanned = 0;
        while (scanned < SCAN_LIMIT) {
            List<AuditEntry> batch = olderThan(cursor, BATCH);
            for (AuditEntry entry : batch) {
                scanned++;
                cursor = entry.id();
                if (query.matches(entry.event())) {
                    found.add(entry);
                    if (found.size() == query.limit()) {
                        return new AuditPage(found, cursor);
                    }
                }
                if (scanned == SCAN_LIMIT) {
                    return new AuditPage(found, cursor);
                }
            }
            if (batch.size() < BATCH) {
                return new AuditPage(found, null); // the oldest entry was read
            }
        }
        return new AuditPage(found, cursor);
    }
}
