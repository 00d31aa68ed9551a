package uk.civicid.broker.federation;

import java.time.Duration;
import java.util.Optional;

/** One-time storage of sign-in transactions, keyed by their {@code state}. */
public interface SignInTransactionStore {

    void save(SignInTransaction transaction, Duration timeToLive);

    /** Returns and removes the transaction atomically: a second call with the same state finds nothing. */
    Optional<SignInTransaction> consume(String state);
}
