package uk.civicid.broker.audit;

import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Records security events in the audit log and as key=value log lines. */
@Component
public class Audit {

    private static final Logger log = LoggerFactory.getLogger("civicid.audit");

    private final AuditLog auditLog;
    private final Clock clock;

    public Audit(AuditLog auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public void record(AuditEventType type, String accountId, String clientId, String upstreamId, Map<String, String> details) {
        AuditEvent event = new AuditEvent(clock.instant(), type, accountId, clientId, upstreamId, details);
        auditLog.record(event);
        log.info("event={} account={} client={} upstream={} {}", type, accountId, clientId, upstreamId, details);
    }

    public void record(AuditEventType type, String accountId, String upstreamId) {
        record(type, accountId, null, upstreamId, Map.of());
    }
}
