package uk.civicid.broker.federation;

import java.io.Serializable;
import java.time.Instant;

/**
 * What the broker remembers between sending a person to an upstream and the upstream's callback. Stored
 * under {@code state} and consumed once, so any node can take the callback and a replayed state fails.
 *
 * @param browserBinding hash of the browser session that started it: a callback in another browser is
 *                       refused (login CSRF, RFC 9700 §4.7)
 * @param accountId      for {@link Intent#LINK}: the account the new login is linked to
 * @param identityLevel  the level of assurance (low, medium, high) the upstream was asked to prove the person's identity
 *                       at: its answer must hold the proof; null when no identity was asked for
 */
public record SignInTransaction(String state, String upstreamId, String nonce, String codeVerifier, Intent intent,
                                String accountId, String browserBinding, Instant startedAt, String identityLevel) implements Serializable {

    public SignInTransaction(String state, String upstreamId, String nonce, String codeVerifier, Intent intent, String accountId,
                             String browserBinding, Instant startedAt) {
        this(state, upstreamId, nonce, codeVerifier, intent, accountId, browserBinding, startedAt, null);
    }

    /** Whether the upstream was asked to prove the person's identity. */
    public boolean identity() {
        return identityLevel != null;
    }

    public enum Intent { SIGN_IN, LINK }
}
