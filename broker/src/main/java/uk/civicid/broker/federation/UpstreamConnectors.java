package uk.civicid.broker.federation;

import io.micrometer.core.instrument.MeterRegistry;
import com.nimbusds.jose.jwk.JWK;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.oidc.OidcUpstreamConnector;

/** The one place an upstream's type picks its connector. */
@Component
public class UpstreamConnectors {

    private final CivicIdProperties.Federation settings;
    private final HttpClient http;
    private final Clock clock;
    private final MeterRegistry meters;
    private final UpstreamClientKeys clientKeys;

    public UpstreamConnectors(CivicIdProperties properties, HttpClient upstreamHttpClient, Clock clock, MeterRegistry meters,
                              UpstreamClientKeys clientKeys) {
        this.settings = properties.federation();
        this.http = upstreamHttpClient;
        this.clock = clock;
        this.meters = meters;
        this.clientKeys = clientKeys;
    }

    public UpstreamConnector connect(UpstreamLogin login) {
        return switch (login.type()) {
            case OIDC -> new OidcUpstreamConnector(login, settings, clientKey(login.oidc()), http, clock, meters);
        };
    }

    /** For private_key_jwt: the upstream's own configured key, else the broker's current client key, asked at each use. */
    private Supplier<JWK> clientKey(UpstreamLogin.OidcClient client) {
        JWK configured = client.privateKey();
        return configured != null ? () -> configured : clientKeys::signingKey;
    }
}
