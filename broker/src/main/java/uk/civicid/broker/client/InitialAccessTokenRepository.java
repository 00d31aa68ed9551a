package uk.civicid.broker.client;

import java.time.Duration;
import java.util.Optional;

/**
 * RFC 7591 §3 initial access tokens, issued by an administrator. Kept by hash only, with their expiry; each one
 * registers one app.
 */
public interface InitialAccessTokenRepository {

    /** Keeps (a hash of) the token for this long, with the administrator who issued it. */
    void save(String token, String issuedBy, Duration timeToLive);

    /** The administrator who issued this token, while it is live and unused. */
    Optional<String> find(String token);

    /** As {@link #find}, and uses the token up, atomically: two registrations racing with one token cannot both win. */
    Optional<String> consume(String token);
}
