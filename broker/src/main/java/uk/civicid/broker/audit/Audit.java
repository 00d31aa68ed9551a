package uk.civicid.broker.audit;

import java.time.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records security events in the audit log, as key=value log lines, and as metrics: every event counted by type
 * ({@code civicid_audit_events_total}), and sign-ins by upstream and outcome ({@code civicid_signins_total}).
 */
@Component
public class Audit {

    private static final Logger log = LoggerFactory.getLogger("civicid.audit");

    private final AuditLog auditLog;
    private final Clock clock;
    private final MeterRegistry meters;

    public Audit(AuditLog auditLog, Clock clock, MeterRegistry meters) {
        this.auditLog = auditLog;
        this.clock = clock;
        this.meters = meters;
    }

    public void record(AuditEventType type, String accountId, String clientId, String upstreamId, Map<String, String> details) {
        AuditEvent event = new AuditEvent(clock.instant(), type, accountId, clientId, upstreamId, details);
        auditLog.record(event);
        log.info("event={} account={} client={} upstream={} {}", type, accountId, clientId, upstreamId, details);
        meters.counter("civicid.audit.events", "type", type.name()).increment();
        if (type == AuditEventType.SIGN_IN_SUCCEEDED || type == AuditEventType.SIGN_IN_FAILED) {
            String outcome = type == AuditEventType.SIGN_IN_SUCCEEDED ? "success" : details.getOrDefault("reason", "failure").toLowerCase();
            meters.counter("civicid.signins", "upstream", upstreamId == null ? "none" : upstreamId, "outcome", outcome).increment();
        }
    }

    public void record(AuditEventType type, String accountId, String upstreamId) {
        record(type, accountId, null, upstreamId, Map.of());
    }
}
