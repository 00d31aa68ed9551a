package uk.civicid.broker.store.memory;

import java.util.ArrayList;
import java.util.List;
import uk.civicid.broker.oidc.SigningKey;
import uk.civicid.broker.oidc.SigningKeyRepository;

public class MemorySigningKeyRepository implements SigningKeyRepository {

    private final List<SigningKey> keys = new ArrayList<>();

    @Override
    public synchronized List<SigningKey> findAll() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized List<SigningKey> saveIfEmpty(List<SigningKey> candidates) {
        if (keys.isEmpty()) {
            keys.addAll(candidates);
        }
        return List.copyOf(keys);
    }
}
