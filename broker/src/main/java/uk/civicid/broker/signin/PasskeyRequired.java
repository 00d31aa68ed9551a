package uk.civicid.broker.signin;

/** An app configured to require a phishing-resistant sign-in gets one: a sign-in without a passkey steps up. */
final class PasskeyRequired implements SignInCheck {

    @Override
    public SignInOutcome check(SignInAttempt attempt) {
        return attempt.app() != null && attempt.app().requirePasskey() && !Assurance.usedPasskey(attempt.principal())
                ? SignInOutcome.STEP_UP : SignInOutcome.CONTINUE;
    }
}
