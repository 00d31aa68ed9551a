package uk.civicid.broker.signin;

/** The app accepts the login the session was made with (a passkey sign-in is accepted by every app). */
final class AcceptedLogin implements SignInCheck {

    @Override
    public SignInOutcome check(SignInAttempt attempt) {
        return attempt.app() == null || attempt.app().accepts(attempt.principal().upstreamId())
                ? SignInOutcome.CONTINUE : SignInOutcome.CHOOSE_LOGIN;
    }
}
