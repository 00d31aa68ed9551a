package uk.civicid.console.api;

import java.time.Instant;

/** Filters of the audit log (each may be null) and the cursor of the page to show ({@code before}). */
public record AuditQuery(String account, String client, String type, Instant from, Instant to, String before) {}
