package uk.civicid.broker.signin;

import java.util.function.Predicate;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;

/** A disabled account's sign-in serves no app, even in a session that began before an administrator disabled it. */
final class AccountEnabled implements SignInCheck {

    private final Predicate<String> disabled;

    /** @param disabled whether the account with this id is disabled, read from the store at each request */
    AccountEnabled(Predicate<String> disabled) {
        this.disabled = disabled;
    }

    @Override
    public SignInOutcome check(SignInAttempt attempt) {
        return disabled.test(attempt.principal().accountId()) ? new SignInOutcome.Refuse(Reason.ACCOUNT_DISABLED) : SignInOutcome.CONTINUE;
    }
}
