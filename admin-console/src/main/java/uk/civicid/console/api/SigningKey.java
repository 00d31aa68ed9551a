package uk.civicid.console.api;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** One of the broker's token signing keys: {@code state} is signing, published or next. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SigningKey(String kid, String alg, Instant createdAt, String state, Instant retireAfter) {}
