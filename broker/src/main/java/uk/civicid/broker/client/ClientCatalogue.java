package uk.civicid.broker.client;

import java.util.List;
import java.util.Optional;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import uk.civicid.broker.ConfiguredOverStored;
import uk.civicid.broker.config.CivicIdProperties;

/**
 * The apps the broker knows, as the authorization server asks for them: those in configuration, which always win
 * and cannot be lost with the store, then those registered at run time, read from the store once per request (so a
 * change made on one node is in effect on all from the next request; the token endpoint, which looks the app up to
 * authenticate it and again to read its authorization, reads it once). A disabled app is not found: the token endpoint answers
 * {@code invalid_client}, the authorization endpoint refuses the request, its grants cannot be read.
 */
public final class ClientCatalogue implements RegisteredClientRepository {

    /** The request attribute (name prefix) holding a registered app as read in this request. */
    private static final String READ = ClientCatalogue.class.getName() + ".app:";

    private final ConfiguredOverStored<RegisteredClient> configured;
    private final List<RegisteredClient> configuredClients;
    private final AppRepository registered;
    private final CivicIdProperties.Tokens tokens;

    public ClientCatalogue(List<RegisteredClient> configured, AppRepository registered, CivicIdProperties.Tokens tokens) {
        // Configured clients' ids are their client ids (ConfiguredClients), as registered apps' are.
        this.configured = new ConfiguredOverStored<>(configured, RegisteredClient::getClientId);
        this.configuredClients = List.copyOf(configured);
        this.registered = registered;
        this.tokens = tokens;
    }

    public boolean isConfigured(String clientId) {
        return configured.isConfigured(clientId);
    }

    public List<RegisteredClient> configured() {
        return configuredClients;
    }

    /**
     * The framework saves a client only to upgrade its secret's hash after a successful check. A configured client
     * is never stored (configuration stays its only source); a registered app keeps the upgraded hash.
     */
    @Override
    public void save(RegisteredClient client) {
        if (!configured.isConfigured(client.getClientId()) && client.getClientSecret() != null) {
            registered.update(client.getClientId(), app -> app.withSecretHash(client.getClientSecret()));
            Optional.ofNullable(RequestContextHolder.getRequestAttributes())
                    .ifPresent(request -> request.removeAttribute(READ + client.getClientId(), RequestAttributes.SCOPE_REQUEST));
        }
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return configured.find(clientId, id -> readOncePerRequest(id).filter(RegisteredApp::enabled).map(app -> app.toRegisteredClient(tokens)))
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    private Optional<RegisteredApp> readOncePerRequest(String clientId) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return registered.find(clientId); // not serving a request (a back-channel logout, a test)
        }
        String name = READ + clientId;
        Optional<RegisteredApp> read = (Optional<RegisteredApp>) request.getAttribute(name, RequestAttributes.SCOPE_REQUEST);
        if (read == null) {
            read = registered.find(clientId);
            request.setAttribute(name, read, RequestAttributes.SCOPE_REQUEST);
        }
        return read;
    }
}
