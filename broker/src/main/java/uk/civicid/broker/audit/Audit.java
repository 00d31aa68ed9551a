package uk.civicid.broker.audit;

import java.time.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records security events in the audit log, as key=value log lines, and as metrics: every event counted by type
 * ({@code civicid_audit_events_total}), and sign-ins by upstream and outcome ({@code civicid_signins_total}).
 */
@Component
public class Audit {

    private static final Logger log = LoggerFactory.getLogger("civicid.audit");

    /** Who made an admin change that no account made: the app itself, with its RFC 7592 registration access token. */
    static final String REGISTRATION_ACTOR = "registration_access_token";

    private final AuditLog auditLog;
    private final Clock clock;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.builder().build();

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

    /**
     * An admin change, made through the admin API or RFC 7591/7592 registration: details carry {@code target}, and
     * {@code before} and {@code after} as JSON ({@code null} for nothing), as the API shows the thing, so never a secret.
     *
     * @param actor the account that made it; null when an app changed itself with its registration access token
     */
    public void recordChange(AuditEventType type, String actor, String clientId, String upstreamId, String target,
                             Object before, Object after) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("target", target);
        details.put("before", json.writeValueAsString(before));
        details.put("after", json.writeValueAsString(after));
        if (actor == null) {
            details.put("actor", REGISTRATION_ACTOR);
        }
        record(type, actor, clientId, upstreamId, details);
    }

    public void record(AuditEventType type, String accountId, String upstreamId) {
        record(type, accountId, null, upstreamId, Map.of());
    }
}
