package uk.civicid.broker.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.civicid.broker.signin.Attempts.NOW;
import static uk.civicid.broker.signin.Attempts.app;
import static uk.civicid.broker.signin.Attempts.attempt;
import static uk.civicid.broker.signin.Attempts.request;
import static uk.civicid.broker.signin.Attempts.signedInWith;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;

@Tag("unit")
class AccountEnabledTest {

    @Test
    void disabledAccount_isRefused_withTheAccountDisabledReason() {
        AccountEnabled check = new AccountEnabled("account-1"::equals);
        assertThat(check.check(attempt(request(), app(false), signedInWith("council", NOW, "fed"))))
                .isEqualTo(new SignInOutcome.Refuse(Reason.ACCOUNT_DISABLED));
    }

    @Test
    void enabledAccount_continues() {
        AccountEnabled check = new AccountEnabled("someone-else"::equals);
        assertThat(check.check(attempt(request(), app(false), signedInWith("council", NOW, "fed")))).isEqualTo(SignInOutcome.CONTINUE);
    }
}
