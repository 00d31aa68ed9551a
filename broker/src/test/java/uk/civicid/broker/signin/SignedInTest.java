package uk.civicid.broker.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.civicid.broker.signin.Attempts.NOW;
import static uk.civicid.broker.signin.Attempts.app;
import static uk.civicid.broker.signin.Attempts.attempt;
import static uk.civicid.broker.signin.Attempts.request;
import static uk.civicid.broker.signin.Attempts.signedInWith;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SignedInTest {

    @Test
    void liveSession_continues() {
        assertThat(new SignedIn(p -> true).check(attempt(request(), app(false), signedInWith("council", NOW, "fed"))))
                .isEqualTo(SignInOutcome.CONTINUE);
    }

    @Test
    void sessionEndedElsewhere_choosesALogin() {
        assertThat(new SignedIn(p -> false).check(attempt(request(), app(false), signedInWith("council", NOW, "fed"))))
                .isEqualTo(SignInOutcome.CHOOSE_LOGIN);
    }

    @Test
    void nobodySignedIn_choosesALogin_withoutAskingTheStore() {
        assertThat(new SignedIn(p -> { throw new AssertionError("no principal to look up"); }).check(attempt(request(), app(false), null)))
                .isEqualTo(SignInOutcome.CHOOSE_LOGIN);
    }
}
