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
class AcceptedLoginTest {

    private final AcceptedLogin check = new AcceptedLogin();

    @Test
    void loginTheAppLists_continues() {
        assertThat(check.check(attempt(request(), app(false, "council", "nhs"), signedInWith("nhs", NOW, "fed"))))
                .isEqualTo(SignInOutcome.CONTINUE);
    }

    @Test
    void loginTheAppDoesNotList_choosesAnother() {
        assertThat(check.check(attempt(request(), app(false, "council"), signedInWith("nhs", NOW, "fed"))))
                .isEqualTo(SignInOutcome.CHOOSE_LOGIN);
    }

    @Test
    void appListingNone_acceptsEveryLogin() {
        assertThat(check.check(attempt(request(), app(false), signedInWith("nhs", NOW, "fed")))).isEqualTo(SignInOutcome.CONTINUE);
    }

    @Test
    void passkeySignIn_isAcceptedByEveryApp() {
        assertThat(check.check(attempt(request(), app(false, "council"), signedInWith("passkey", NOW, "hwk", "user"))))
                .isEqualTo(SignInOutcome.CONTINUE);
    }

    @Test
    void noApp_continues() {
        assertThat(check.check(attempt(request(), null, signedInWith("nhs", NOW, "fed")))).isEqualTo(SignInOutcome.CONTINUE);
    }
}
