package uk.civicid.broker.federation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Each enabled upstream's state as its last call found it (no call is made here, so a health check costs
 * nothing and cannot hang). DOWN when an upstream's last call failed; it is in the overall health, never in
 * readiness: one upstream's outage must not take the broker's other logins out of service.
 */
@Component("upstreamsHealthIndicator")
public class UpstreamsHealth implements HealthIndicator {

    private final Upstreams upstreams;

    public UpstreamsHealth(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean failing = false;
        for (Upstreams.Upstream upstream : upstreams.all()) {
            UpstreamConnector.UpstreamStatus status = upstream.connector().status();
            details.put(upstream.id(), status.lastCall() == null ? "not called yet"
                    : status.failure() == null ? "ok at " + status.lastCall() : status.failure() + " at " + status.lastCall());
            failing |= status.failure() != null;
        }
        return (failing ? Health.down() : Health.up()).withDetails(details).build();
    }
}
