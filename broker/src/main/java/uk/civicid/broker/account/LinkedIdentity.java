package uk.civicid.broker.account;

import java.time.Instant;

/** One upstream login linked to an account: the upstream's issuer and its subject for the person. */
public record LinkedIdentity(String upstreamId, String issuer, String subject, Instant linkedAt, Instant lastUsedAt) {

    public IdentityKey key() {
        return new IdentityKey(issuer, subject);
    }

    /** What identifies a person at an upstream: issuer and subject together, never an email address. */
    public record IdentityKey(String issuer, String subject) {}
}
