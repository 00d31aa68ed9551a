package uk.civicid.broker.signin;

import uk.civicid.broker.federation.UpstreamSignInException.Reason;
import uk.civicid.broker.identity.IdentityCheck;
import uk.civicid.broker.identity.VerifiedClaims;

/**
 * An app that asks for a verified identity (the {@code identity} scope) is served by a sign-in that proved one at the
 * level it needs or above; a sign-in that did not ask, or proved a lower level, signs in again at an upstream that proves
 * identities at that level, asking it to (step-up). A sign-in whose identity could not be proved is refused to the app,
 * which decides what the person does next.
 */
final class IdentityProved implements SignInCheck {

    @Override
    public SignInOutcome check(SignInAttempt attempt) {
        if (!attempt.request().asksIdentity()) {
            return SignInOutcome.CONTINUE;
        }
        IdentityCheck identity = attempt.principal().identity();
        if (identity == null || identity.proved()
                && !VerifiedClaims.meets(identity.verified().assuranceLevel(), SignInRequest.identityLevel(attempt.app()))) {
            return SignInOutcome.CHOOSE_LOGIN;
        }
        return identity.proved() ? SignInOutcome.CONTINUE : new SignInOutcome.Refuse(Reason.IDENTITY_NOT_PROVED);
    }
}
