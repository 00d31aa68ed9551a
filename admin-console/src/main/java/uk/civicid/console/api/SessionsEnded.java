package uk.civicid.console.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionsEnded(Integer sessionsEnded, Integer authorizationsRevoked) {

    public SessionsEnded {
        sessionsEnded = sessionsEnded == null ? 0 : sessionsEnded;
        authorizationsRevoked = authorizationsRevoked == null ? 0 : authorizationsRevoked;
    }
}
