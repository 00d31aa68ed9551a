package uk.civicid.broker.signin;

/**
 * An app that asks for the passkey's level of assurance in {@code acr_values} (OIDC Core §3.1.2.1) gets a passkey
 * sign-in: one without steps up. Other values are voluntary claims: the ID token's {@code acr} says what was met.
 */
final class RequestedAcr implements SignInCheck {

    private final String passkeyAcr;

    RequestedAcr(String passkeyAcr) {
        this.passkeyAcr = passkeyAcr;
    }

    @Override
    public SignInOutcome check(SignInAttempt attempt) {
        return attempt.request().acrValues().contains(passkeyAcr) && !Assurance.usedPasskey(attempt.principal())
                ? SignInOutcome.STEP_UP : SignInOutcome.CONTINUE;
    }
}
