package uk.civicid.broker.federation;

import java.time.Duration;

/**
 * The {@code jti} of every upstream logout token already used, so none is accepted twice (OpenID Connect Back-Channel
 * Logout 1.0 §2.6): shared by all nodes, kept (by hash) only while the token could still be accepted.
 */
public interface LogoutTokenIds {

    /** Records this upstream's logout token id for this long; false if it was already recorded (a replay). Atomic. */
    boolean useOnce(String upstreamId, String jti, Duration timeToLive);
}
