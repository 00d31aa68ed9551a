package uk.civicid.broker.session;

import java.io.Serializable;

/**
 * The session at an upstream that a broker session came from, so the upstream can end it (OpenID Connect Back-Channel
 * Logout 1.0 §2.5: by {@code sid}, or by {@code sub} for every session of that person there).
 *
 * @param subject the upstream's {@code sub}
 * @param sid     the upstream's session id ({@code sid} in its ID token), or null when it sends none
 */
public record UpstreamSession(String upstreamId, String subject, String sid) implements Serializable {

    /** Whether a logout token naming this sub and/or sid (either may be null, not both) is about this session. */
    public boolean matches(String upstreamId, String subject, String sid) {
        return this.upstreamId.equals(upstreamId) && (subject == null || subject.equals(this.subject))
                && (sid == null || sid.equals(this.sid));
    }
}
