package uk.civicid.broker.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One security event. Details are identifiers and outcomes only: never tokens, codes, secrets, claims
 * or email addresses.
 */
public record AuditEvent(Instant at, AuditEventType type, String accountId, String clientId, String upstreamId,
                         Map<String, String> details) {

    public AuditEvent {
        details = Map.copyOf(details);
    }
}
