package uk.civicid.broker.store.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import uk.civicid.broker.client.AppRepository;
import uk.civicid.broker.client.RegisteredApp;

/** Registered apps in memory; one lock makes each change atomic. */
public class MemoryAppRepository implements AppRepository {

    private final Map<String, RegisteredApp> apps = new LinkedHashMap<>();

    @Override
    public synchronized List<RegisteredApp> findAll() {
        return new ArrayList<>(apps.values());
    }

    @Override
    public synchronized Optional<RegisteredApp> find(String clientId) {
        return Optional.ofNullable(apps.get(clientId));
    }

    @Override
    public synchronized boolean create(RegisteredApp app) {
        return apps.putIfAbsent(app.clientId(), app) == null;
    }

    @Override
    public synchronized Optional<RegisteredApp> update(String clientId, UnaryOperator<RegisteredApp> change) {
        RegisteredApp current = apps.get(clientId);
        if (current == null) {
            return Optional.empty();
        }
        RegisteredApp next = change.apply(current);
        apps.put(clientId, next);
        return Optional.of(next);
    }

    @Override
    public synchronized boolean delete(String clientId) {
        return apps.remove(clientId) != null;
    }
}
