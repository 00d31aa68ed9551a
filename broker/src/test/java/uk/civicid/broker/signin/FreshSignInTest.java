package uk.civicid.broker.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.civicid.broker.signin.Attempts.NOW;
import static uk.civicid.broker.signin.Attempts.app;
import static uk.civicid.broker.signin.Attempts.request;
import static uk.civicid.broker.signin.Attempts.signedInWith;

import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.session.BrokerPrincipal;

/** OIDC Core §3.1.2.1: prompt=login and max_age. */
@Tag("unit")
class FreshSignInTest {

    private final FreshSignIn check = new FreshSignIn(Clock.fixed(NOW, ZoneOffset.UTC));
    private final BrokerPrincipal tenMinutesAgo = signedInWith("council", NOW.minusSeconds(600), "fed");

    @Test
    void promptLogin_choosesALogin_untilASignInAfterTheDemand() {
        SignInRequest request = request("prompt=login");
        assertThat(check.check(new SignInAttempt(request, app(false), tenMinutesAgo, null))).isEqualTo(SignInOutcome.CHOOSE_LOGIN);
        assertThat(check.check(new SignInAttempt(request, app(false), tenMinutesAgo, NOW.minusSeconds(300))))
                .as("demanded after the sign-in").isEqualTo(SignInOutcome.CHOOSE_LOGIN);
        assertThat(check.check(new SignInAttempt(request, app(false), tenMinutesAgo, NOW.minusSeconds(900))))
                .as("signed in since the demand").isEqualTo(SignInOutcome.CONTINUE);
    }

    @Test
    void maxAge_olderThanTheSignIn_continues() {
        assertThat(check.check(new SignInAttempt(request("max_age=3600"), app(false), tenMinutesAgo, null))).isEqualTo(SignInOutcome.CONTINUE);
    }

    @Test
    void maxAge_youngerThanTheSignIn_choosesALogin() {
        assertThat(check.check(new SignInAttempt(request("max_age=60"), app(false), tenMinutesAgo, null))).isEqualTo(SignInOutcome.CHOOSE_LOGIN);
    }

    @Test
    void maxAgeZero_alwaysNeedsAFreshSignIn() {
        assertThat(check.needed(new SignInAttempt(request("max_age=0"), app(false), signedInWith("council", NOW.minusSeconds(1), "fed"), null)))
                .isTrue();
    }

    @Test
    void malformedMaxAge_isIgnored() {
        assertThat(check.check(new SignInAttempt(request("max_age=-5"), app(false), tenMinutesAgo, null))).isEqualTo(SignInOutcome.CONTINUE);
        assertThat(check.check(new SignInAttempt(request("max_age=1e3"), app(false), tenMinutesAgo, null))).isEqualTo(SignInOutcome.CONTINUE);
    }

    @Test
    void neitherAsked_continues() {
        assertThat(check.check(new SignInAttempt(request(), app(false), tenMinutesAgo, null))).isEqualTo(SignInOutcome.CONTINUE);
    }
}
