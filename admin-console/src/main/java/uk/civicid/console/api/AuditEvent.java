package uk.civicid.console.api;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A security event; for admin changes {@code details} has {@code target}, {@code before} and {@code after}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditEvent(String id, Instant at, String type, String accountId, String clientId, String upstreamId,
                         Map<String, Object> details) {}
