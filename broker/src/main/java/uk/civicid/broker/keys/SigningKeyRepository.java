package uk.civicid.broker.keys;

import java.util.List;
import java.util.function.UnaryOperator;

/** Where the broker's signing keys are kept, shared by every node. */
public interface SigningKeyRepository {

    List<SigningKey> findAll();

    /**
     * Stores the keys only if none are stored yet, so that nodes starting together agree on one set.
     * Returns the keys stored afterwards.
     */
    List<SigningKey> saveIfEmpty(List<SigningKey> keys);

    /**
     * Replaces the keys with {@code change} applied to the current ones (compare-and-set, retried), so that two
     * nodes rotating at once do not both add keys. Returns the keys stored afterwards.
     */
    List<SigningKey> update(UnaryOperator<List<SigningKey>> change);
}
