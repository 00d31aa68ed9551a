package uk.civicid.console.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A new client secret: shown to the person once, never stored or logged by the console. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClientSecret(String clientId, String clientSecret) {

    @Override
    public String toString() {
        return "ClientSecret[clientId=" + clientId + ", clientSecret=(hidden)]";
    }
}
