package uk.civicid.broker.client;

import java.time.Duration;

/**
 * The {@code jti} of every {@code private_key_jwt} client assertion already used, so none is accepted twice
 * (RFC 7523 §3, RFC 7521 §5.2). Kept (by hash) only until the assertion expires: after that it is refused anyway.
 */
public interface ClientAssertionIds {

    /** Records this app's assertion id for this long; false if it was already recorded (a replay). Atomic: of two racing, one wins. */
    boolean useOnce(String clientId, String jti, Duration timeToLive);
}
