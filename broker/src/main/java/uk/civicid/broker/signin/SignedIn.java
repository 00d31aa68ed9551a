package uk.civicid.broker.signin;

import java.util.function.Predicate;
import uk.civicid.broker.session.BrokerPrincipal;

/** Someone is signed in to this browser, and their broker session was not ended elsewhere (another app, tab or node). */
final class SignedIn implements SignInCheck {

    private final Predicate<BrokerPrincipal> live;

    /** @param live whether a principal's broker session is still live (in the store, so ended on any node shows) */
    SignedIn(Predicate<BrokerPrincipal> live) {
        this.live = live;
    }

    @Override
    public SignInOutcome check(SignInAttempt attempt) {
        return attempt.principal() != null && live.test(attempt.principal()) ? SignInOutcome.CONTINUE : SignInOutcome.CHOOSE_LOGIN;
    }
}
