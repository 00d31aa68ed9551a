package uk.civicid.broker.audit;

/** An event as the log holds it, with the id the log gave it: ids order the log and serve as paging cursors. */
public record AuditEntry(String id, AuditEvent event) {}
