package uk.civicid.broker.audit;

import java.util.List;

/** Events found, newest first, and the cursor to ask for the next (older) ones with; null when the log has no more. */
public record AuditPage(List<AuditEntry> events, String next) {

    public AuditPage {
        events = List.copyOf(events);
    }
}
