package uk.civicid.console.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Who the signed-in person is to the admin API ({@code GET /admin/api/me}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Caller(String accountId, boolean administrator) {}
