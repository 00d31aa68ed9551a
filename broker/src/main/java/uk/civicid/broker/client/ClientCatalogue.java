package uk.civicid.broker.client;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The apps the broker knows: those in configuration, which always win and cannot be lost with the store,
 * then those registered at run time, kept in the store.
 */
public final class ClientCatalogue implements RegisteredClientRepository {

    private final Map<String, RegisteredClient> configuredById;
    private final Map<String, RegisteredClient> configuredByClientId;
    private final RegisteredClientRepository registered;

    public ClientCatalogue(List<RegisteredClient> configured, RegisteredClientRepository registered) {
        this.configuredById = configured.stream().collect(Collectors.toUnmodifiableMap(RegisteredClient::getId, Function.identity()));
        this.configuredByClientId = configured.stream()
                .collect(Collectors.toUnmodifiableMap(RegisteredClient::getClientId, Function.identity()));
        this.registered = registered;
    }

    /**
     * Stores a client registered at run time. A configured client is never stored: configuration stays its only
     * source (the framework re-saves a client only to upgrade its secret's hash, which the configured hash keeps).
     */
    @Override
    public void save(RegisteredClient client) {
        if (!configuredById.containsKey(client.getId()) && !configuredByClientId.containsKey(client.getClientId())) {
            registered.save(client);
        }
    }

    @Override
    public RegisteredClient findById(String id) {
        RegisteredClient client = configuredById.get(id);
        return client != null ? client : registered.findById(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        RegisteredClient client = configuredByClientId.get(clientId);
        return client != null ? client : registered.findByClientId(clientId);
    }
}
