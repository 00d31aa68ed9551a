package uk.civicid.broker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.system.CapturedOutput;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;

/** How a test tells that a sign-in was refused as an invalid answer from the upstream, and for which reason. */
public final class SignInRefusals {

    private SignInRefusals() {}

    /**
     * The person got the sign-in error page (400, no redirect to the app), the refusal was audited as
     * {@code INVALID_RESPONSE}, and the log gives exactly this detail.
     */
    public static void assertInvalidResponse(TestBroker broker, Browser.Page end, CapturedOutput log, String detail) {
        assertThat(end.status()).isEqualTo(400);
        assertThat(end.location()).isNull();
        assertThat(end.body()).contains("We could not confirm who signed in");
        AuditEvent failed = broker.bean(AuditLog.class).recent(20).stream()
                .filter(e -> e.type() == AuditEventType.SIGN_IN_FAILED).findFirst().orElseThrow();
        assertThat(failed.details()).containsEntry("reason", "INVALID_RESPONSE");
        assertThat(log.getOut()).contains("reason=INVALID_RESPONSE detail=\"" + detail + "\"");
    }
}
