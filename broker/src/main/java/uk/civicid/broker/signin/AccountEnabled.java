package uk.civicid.broker.signin;

import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;

/** A disabled account's sign-in serves no app, even in a session that began before an administrator disabled it. */
final class AccountEnabled implements SignInCheck {

    private final AccountRepository accounts;

    AccountEnabled(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public SignInOutcome check(SignInAttempt attempt) {
        return accounts.findById(attempt.principal().accountId()).filter(Account::disabled).isPresent()
                ? new SignInOutcome.Refuse(Reason.ACCOUNT_DISABLED) : SignInOutcome.CONTINUE;
    }
}
