package uk.civicid.console.api;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** An initial access token for RFC 7591 registration: shown once, never stored or logged by the console. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InitialAccessToken(String initialAccessToken, Instant expiresAt) {

    @Override
    public String toString() {
        return "InitialAccessToken[expiresAt=" + expiresAt + ", token=(hidden)]";
    }
}
