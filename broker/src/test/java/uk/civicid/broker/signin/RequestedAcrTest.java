package uk.civicid.broker.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.civicid.broker.signin.Attempts.NOW;
import static uk.civicid.broker.signin.Attempts.PASSKEY_ACR;
import static uk.civicid.broker.signin.Attempts.app;
import static uk.civicid.broker.signin.Attempts.attempt;
import static uk.civicid.broker.signin.Attempts.request;
import static uk.civicid.broker.signin.Attempts.signedInWith;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RequestedAcrTest {

    private final RequestedAcr check = new RequestedAcr(PASSKEY_ACR);

    @Test
    void askingForThePasskeyAcr_stepsUpASignInWithout() {
        assertThat(check.check(attempt(request("acr_values=" + PASSKEY_ACR), app(false), signedInWith("council", NOW, "fed"))))
                .isEqualTo(SignInOutcome.STEP_UP);
    }

    @Test
    void thePasskeyAcrAmongOthers_stillStepsUp() {
        assertThat(check.check(attempt(request("acr_values=http://eidas.europa.eu/LoA/low " + PASSKEY_ACR), app(false), null)))
                .isEqualTo(SignInOutcome.STEP_UP);
    }

    @Test
    void askingForThePasskeyAcr_continuesAfterAPasskey() {
        assertThat(check.check(attempt(request("acr_values=" + PASSKEY_ACR), app(false), signedInWith("passkey", NOW, "hwk", "user"))))
                .isEqualTo(SignInOutcome.CONTINUE);
    }

    /** OIDC Core §3.1.2.1: other acr values are voluntary; the ID token's acr says what was met. */
    @Test
    void otherAcrValues_continue() {
        assertThat(check.check(attempt(request("acr_values=http://eidas.europa.eu/LoA/substantial"), app(false),
                signedInWith("council", NOW, "fed")))).isEqualTo(SignInOutcome.CONTINUE);
        assertThat(check.check(attempt(request(), app(false), null))).isEqualTo(SignInOutcome.CONTINUE);
    }
}
