package uk.civicid.broker.signin;

import java.time.Clock;
import java.time.Instant;

/**
 * {@code prompt=login}, or a {@code max_age} older than the sign-in, needs a sign-in made after the request first
 * asked (OIDC Core §3.1.2.1): the request resumed after that fresh sign-in is served once.
 */
final class FreshSignIn implements SignInCheck {

    private final Clock clock;

    FreshSignIn(Clock clock) {
        this.clock = clock;
    }

    @Override
    public SignInOutcome check(SignInAttempt attempt) {
        Instant demandedAt = attempt.freshDemandedAt();
        boolean met = demandedAt != null && !attempt.principal().authTime().isBefore(demandedAt);
        return !needed(attempt) || met ? SignInOutcome.CONTINUE : SignInOutcome.CHOOSE_LOGIN;
    }

    /** Whether the request asks for a sign-in fresher than the one this browser has. */
    boolean needed(SignInAttempt attempt) {
        SignInRequest request = attempt.request();
        return request.prompts("login")
                || request.maxAge() != null && attempt.principal().authTime().plusSeconds(request.maxAge()).isBefore(clock.instant());
    }
}
