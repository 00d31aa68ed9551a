package uk.civicid.broker.signin;

import uk.civicid.broker.session.BrokerSessions;

/** Someone is signed in to this browser, and their broker session was not ended elsewhere (another app, tab or node). */
final class SignedIn implements SignInCheck {

    private final BrokerSessions sessions;

    SignedIn(BrokerSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public SignInOutcome check(SignInAttempt attempt) {
        return attempt.principal() != null && sessions.isLive(attempt.principal()) ? SignInOutcome.CONTINUE : SignInOutcome.CHOOSE_LOGIN;
    }
}
