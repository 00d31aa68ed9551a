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
 * @param identity       the upstream was asked to prove the person's identity: its answer must hold the proof
 */
public record SignInTransaction(String state, String upstreamId, String nonce, String codeVerifier, Intent intent,
                                String accountId, String browserBinding, Instant startedAt, boolean identity) implements Serializable {

    public SignInTransaction(String state, String upstreamId, String nonce, String codeVerifier, Intent intent, String accountId,
                             String browserBinding, Instant startedAt) {
        this(state, upstreamId, nonce, codeVerifier, intent, accountId, browserBinding, startedAt, false);
    }

    public enum Intent { SIGN_IN, LINK }
}
