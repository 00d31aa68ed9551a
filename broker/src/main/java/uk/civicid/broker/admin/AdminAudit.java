package uk.civicid.broker.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;

/**
 * Audits an admin change: who made it ({@code accountId}), what it was about, and the thing before and after as the
 * admin API shows it (so never a secret), as JSON.
 */
@Component
public class AdminAudit {

    private final Audit audit;
    private final JsonMapper json;

    public AdminAudit(Audit audit) {
        this.audit = audit;
        this.json = JsonMapper.builder().build();
    }

    /** @param before the API view before the change, or null (nothing before); @param after likewise */
    public void record(AuditEventType type, AdminCaller caller, String clientId, String upstreamId, String target,
                       Object before, Object after) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("target", target);
        details.put("before", json.writeValueAsString(before));
        details.put("after", json.writeValueAsString(after));
        audit.record(type, caller.accountId(), clientId, upstreamId, details);
    }
}
