package uk.civicid.broker.federation;

import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.config.CivicIdProperties.ClientAuthentication;
import uk.civicid.broker.federation.oidc.OidcUpstreamConnector;

/** The enabled upstream logins, in configuration order, each with its connector. */
@Component
public class Upstreams {

    /** An upstream as the sign-in page and the flows see it. */
    public record Upstream(CivicIdProperties.Upstream config, UpstreamConnector connector) {
        public String id() {
            return config.id();
        }
    }

    private final Map<String, Upstream> byId = new LinkedHashMap<>();

    public Upstreams(CivicIdProperties properties, HttpClient upstreamHttpClient, Clock clock, MeterRegistry meters) {
        for (CivicIdProperties.Upstream config : properties.upstreams()) {
            if (config.enabled()) {
                JWK key = config.clientAuthentication() == ClientAuthentication.PRIVATE_KEY_JWT ? readKey(config) : null;
                byId.put(config.id(), new Upstream(config,
                        new OidcUpstreamConnector(config, properties.federation(), key, upstreamHttpClient, clock, meters)));
            }
        }
    }

    public Optional<Upstream> find(String id) {
        return Optional.ofNullable(id).map(byId::get);
    }

    /** The upstreams an app accepts: those it lists, or every one when it lists none. */
    public List<Upstream> acceptedBy(List<String> accepted) {
        return byId.values().stream().filter(u -> accepted.isEmpty() || accepted.contains(u.id())).toList();
    }

    public List<Upstream> all() {
        return List.copyOf(byId.values());
    }

    private static JWK readKey(CivicIdProperties.Upstream config) {
        try {
            JWK key = JWK.parse(Files.readString(config.privateKeyFile()));
            if (!key.isPrivate()) {
                throw new IllegalStateException("civicid.upstreams[" + config.id() + "].private-key-file holds no private key");
            }
            return key;
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("civicid.upstreams[" + config.id() + "].private-key-file cannot be read as a JWK: "
                    + e.getMessage(), e);
        }
    }
}
