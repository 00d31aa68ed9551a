package uk.civicid.broker.federation;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;

/**
 * A federated sign-in that failed, recorded the same way whichever page the person is shown: one log line with the
 * detail (never shown to them) and one {@code SIGN_IN_FAILED} audit event with the reason, and the upstream's error when
 * it answered with one.
 */
@Component
public class SignInFailures {

    private static final Logger log = LoggerFactory.getLogger(SignInFailures.class);

    private final Audit audit;

    public SignInFailures(Audit audit) {
        this.audit = audit;
    }

    /** @param accountId the person signed in to this browser, or null */
    public void record(String accountId, String upstreamId, UpstreamSignInException failure) {
        log.warn("event=sign_in_failed upstream={} reason={} detail=\"{}\"", upstreamId, failure.reason(), failure.getMessage());
        audit.record(AuditEventType.SIGN_IN_FAILED, accountId, null, upstreamId, failure.upstreamError() == null
                ? Map.of("reason", failure.reason().name())
                : Map.of("reason", failure.reason().name(), "error", failure.upstreamError()));
    }
}
