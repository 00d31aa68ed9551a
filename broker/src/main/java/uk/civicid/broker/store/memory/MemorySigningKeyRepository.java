package uk.civicid.broker.store.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import uk.civicid.broker.keys.SigningKey;
import uk.civicid.broker.keys.SigningKeyRepository;

public class MemorySigningKeyRepository implements SigningKeyRepository {

    private final List<SigningKey> keys = new ArrayList<>();

    @Override
    public synchronized List<SigningKey> findAll() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized List<SigningKey> update(UnaryOperator<List<SigningKey>> change) {
        List<SigningKey> next = change.apply(List.copyOf(keys));
        keys.clear();
        keys.addAll(next);
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
