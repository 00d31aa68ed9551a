package uk.civicid.console.api;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A person's account: in search results only the first fields are present; the person's page has them all. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Person(
        String id,
        String name,
        String email,
        Boolean emailVerified,
        Boolean disabled,
        Instant createdAt,
        List<Link> links,
        List<Passkey> passkeys) {

    public Person {
        disabled = Boolean.TRUE.equals(disabled);
    }

    /** A login from an upstream linked to the account. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Link(String upstreamId, String subject, Instant linkedAt, Instant lastUsedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Passkey(String id, String label, Instant createdAt, Instant lastUsedAt) {}

    public List<Link> linksOrEmpty() {
        return links == null ? List.of() : links;
    }

    public List<Passkey> passkeysOrEmpty() {
        return passkeys == null ? List.of() : passkeys;
    }
}
