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
class PasskeyRequiredTest {

    private final PasskeyRequired check = new PasskeyRequired();

    @Test
    void appRequiringAPasskey_stepsUpASignInWithout() {
        assertThat(check.check(attempt(request(), app(true), signedInWith("council", NOW, "fed", "pwd")))).isEqualTo(SignInOutcome.STEP_UP);
    }

    @Test
    void appRequiringAPasskey_stepsUpWhenNobodyIsSignedIn() {
        assertThat(check.check(attempt(request(), app(true), null))).isEqualTo(SignInOutcome.STEP_UP);
    }

    @Test
    void appRequiringAPasskey_continuesAfterOne() {
        assertThat(check.check(attempt(request(), app(true), signedInWith("council", NOW, "fed", "hwk", "user"))))
                .isEqualTo(SignInOutcome.CONTINUE);
    }

    @Test
    void hwkAlone_isNotAPasskeySignIn() { // user verification is part of what a passkey proves (RFC 8176 "user")
        assertThat(check.check(attempt(request(), app(true), signedInWith("council", NOW, "fed", "hwk")))).isEqualTo(SignInOutcome.STEP_UP);
    }

    @Test
    void appNotRequiringOne_andNoApp_continue() {
        assertThat(check.check(attempt(request(), app(false), null))).isEqualTo(SignInOutcome.CONTINUE);
        assertThat(check.check(attempt(request(), null, null))).isEqualTo(SignInOutcome.CONTINUE);
    }
}
