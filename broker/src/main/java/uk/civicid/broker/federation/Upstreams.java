package uk.civicid.broker.federation;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import uk.civicid.broker.ConfiguredOverStored;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.config.CivicIdProperties.ClientAuthentication;

/**
 * The enabled upstream logins, each with its connector: those in configuration (in its order; they always win, and
 * the admin API cannot change them), then those added through the admin API. A node rereads the stored ones when
 * their generation has moved: at once after a change it made itself, and otherwise every
 * {@code civicid.federation.upstream-refresh} (its {@code Refresher}), with one small read. Sign-ins and callbacks
 * read memory only.
 */
@Component
public class Upstreams {

    /** An enabled upstream login with its connector, as the sign-in page and the flows see it. */
    public record Upstream(UpstreamLogin login, UpstreamConnector connector) {
        public String id() {
            return login.id();
        }
    }

    /** A stored upstream with what was built from it, kept while its settings stay the same (its connector caches discovery and keys). */
    private record Built(RegisteredUpstream source, Upstream upstream) {}

    /** The enabled configured upstreams, in configuration's order. */
    private final Map<String, Upstream> configured = new LinkedHashMap<>();
    /** Every configured upstream, enabled or not, over the stored ones. */
    private final ConfiguredOverStored<CivicIdProperties.Upstream> overlay;
    private final UpstreamRepository repository;
    private final UpstreamConnectors connectors;
    private volatile Map<String, Built> registered = Map.of();
    private volatile long generation = Long.MIN_VALUE;

    public Upstreams(CivicIdProperties properties, UpstreamRepository repository, UpstreamConnectors connectors) {
        this.repository = repository;
        this.connectors = connectors;
        this.overlay = new ConfiguredOverStored<>(properties.upstreams(), CivicIdProperties.Upstream::id);
        for (CivicIdProperties.Upstream config : properties.upstreams()) {
            if (config.enabled()) {
                // private_key_jwt without a key file: the broker's own client keys sign (UpstreamClientKeys).
                String key = config.clientAuthentication() == ClientAuthentication.PRIVATE_KEY_JWT && config.privateKeyFile() != null
                        ? readKey(config) : null;
                configured.put(config.id(), connect(UpstreamLogin.of(config, key)));
            }
        }
        refresh();
    }

    public Optional<Upstream> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Upstream upstream = configured.get(id);
        return upstream != null ? Optional.of(upstream) : Optional.ofNullable(registered.get(id)).map(Built::upstream);
    }

    public List<Upstream> all() {
        return Stream.concat(configured.values().stream(), registered.values().stream().map(Built::upstream)).toList();
    }

    /** Whether the id is an upstream in configuration (enabled or not): the admin API leaves those alone. */
    public boolean isConfigured(String id) {
        return overlay.isConfigured(id);
    }

    /** Rereads the stored upstreams if anything changed since the last read. */
    public void refresh() {
        long current = repository.generation();
        if (current != generation) {
            reload(current);
        }
    }

    private synchronized void reload(long current) {
        if (current == generation) {
            return;
        }
        Map<String, Built> before = registered;
        Map<String, Built> next = new LinkedHashMap<>();
        for (RegisteredUpstream stored : overlay.storedOnly(repository.findAll(), RegisteredUpstream::id)) {
            if (!stored.settings().enabled()) {
                continue;
            }
            Built kept = before.get(stored.id());
            next.put(stored.id(), kept != null && kept.source().equals(stored) ? kept
                    : new Built(stored, connect(UpstreamLogin.of(stored.settings(), stored.privateKeyJwk()))));
        }
        registered = Map.copyOf(next);
        generation = current;
    }

    private Upstream connect(UpstreamLogin login) {
        return new Upstream(login, connectors.connect(login));
    }

    private static String readKey(CivicIdProperties.Upstream config) {
        try {
            return Files.readString(config.privateKeyFile());
        } catch (IOException e) {
            throw new IllegalStateException("civicid.upstreams[" + config.id() + "].private-key-file cannot be read: " + e.getMessage(), e);
        }
    }
}
