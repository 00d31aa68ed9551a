package uk.civicid.broker.oidc;

import java.util.List;

/** Where the broker's signing keys are kept, shared by every node. */
public interface SigningKeyRepository {

    List<SigningKey> findAll();

    /**
     * Stores the keys only if none are stored yet, so that nodes starting together agree on one set.
     * Returns the keys stored afterwards.
     */
    List<SigningKey> saveIfEmpty(List<SigningKey> keys);
}
