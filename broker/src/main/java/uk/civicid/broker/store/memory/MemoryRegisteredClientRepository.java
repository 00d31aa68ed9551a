package uk.civicid.broker.store.memory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

public class MemoryRegisteredClientRepository implements RegisteredClientRepository {

    private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();
    private final Map<String, RegisteredClient> byClientId = new ConcurrentHashMap<>();

    public MemoryRegisteredClientRepository(List<RegisteredClient> initial) {
        initial.forEach(this::save);
    }

    /** Refuses a client id registered under another id, so no registration can take over another app's identity. */
    @Override
    public synchronized void save(RegisteredClient client) {
        RegisteredClient existing = byClientId.get(client.getClientId());
        if (existing != null && !existing.getId().equals(client.getId())) {
            throw new IllegalArgumentException("client id " + client.getClientId() + " is registered already");
        }
        byId.put(client.getId(), client);
        byClientId.put(client.getClientId(), client);
    }

    @Override
    public RegisteredClient findById(String id) {
        return byId.get(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return clientId == null ? null : byClientId.get(clientId);
    }
}
