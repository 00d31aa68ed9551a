package uk.civicid.broker.audit;

import java.time.Instant;

/**
 * Which events an administrator is looking for; a null criterion matches anything.
 *
 * @param accountId the person: the event's account (who acted) or an admin change's target
 * @param from      events at or after this instant
 * @param to        events before this instant
 * @param before    a cursor: only events older than the entry with this id (null: from the newest)
 * @param limit     at most this many events
 */
public record AuditQuery(String accountId, String clientId, AuditEventType type, Instant from, Instant to, String before, int limit) {

    public boolean matches(AuditEvent event) {
        return (accountId == null || accountId.equals(event.accountId()) || accountId.equals(event.details().get("target")))
                && (clientId == null || clientId.equals(event.clientId()))
                && (type == null || type == event.type())
                && (from == null || !event.at().isBefore(from))
                && (to == null || event.at().isBefore(to));
    }
}
