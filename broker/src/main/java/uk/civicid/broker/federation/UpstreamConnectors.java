package uk.civicid.broker.federation;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
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

    public UpstreamConnectors(CivicIdProperties properties, HttpClient upstreamHttpClient, Clock clock, MeterRegistry meters) {
        this.settings = properties.federation();
        this.http = upstreamHttpClient;
        this.clock = clock;
        this.meters = meters;
    }

    public UpstreamConnector connect(UpstreamLogin login) {
        return switch (login.type()) {
            case OIDC -> new OidcUpstreamConnector(login, settings, http, clock, meters);
        };
    }
}
