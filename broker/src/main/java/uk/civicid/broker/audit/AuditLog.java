package uk.civicid.broker.audit;

import java.util.List;

/** Where security events are recorded. */
public interface AuditLog {

    void record(AuditEvent event);

    /** The most recent events, newest first. */
    List<AuditEvent> recent(int limit);
}
