package uk.civicid.broker.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.civicid.broker.signin.Attempts.NOW;
import static uk.civicid.broker.signin.Attempts.attempt;
import static uk.civicid.broker.signin.Attempts.identityApp;
import static uk.civicid.broker.signin.Attempts.request;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;
import uk.civicid.broker.identity.IdentityCheck;
import uk.civicid.broker.identity.VerifiedIdentity;
import uk.civicid.broker.session.BrokerPrincipal;

@Tag("unit")
class IdentityProvedTest {

    private final IdentityProved check = new IdentityProved();

    private static BrokerPrincipal provedAt(String level) {
        return withIdentity(IdentityCheck.proved("gov-uk", new VerifiedIdentity("uk_tfida", level, "Sam", "Citizen", "1980-04-01", null)));
    }

    private static BrokerPrincipal withIdentity(IdentityCheck identity) {
        return new BrokerPrincipal("account-1", "session-1", "gov-uk", "http://eidas.europa.eu/LoA/substantial", List.of("fed"), NOW,
                identity, null, java.util.List.of());
    }

    @Test
    void aSignInWithoutAnIdentity_signsInAgainToProveOne() {
        assertThat(check.check(attempt(request("scope=openid identity"), identityApp("low"), withIdentity(null))))
                .isEqualTo(SignInOutcome.CHOOSE_LOGIN);
    }

    @Test
    void anIdentityProvedBelowTheAppsLevel_signsInAgainToProveItHigher() {
        assertThat(check.check(attempt(request("scope=openid identity"), identityApp("medium"), provedAt("low"))))
                .isEqualTo(SignInOutcome.CHOOSE_LOGIN);
    }

    @Test
    void anIdentityProvedAtOrAboveTheAppsLevel_continues() {
        assertThat(check.check(attempt(request("scope=openid identity"), identityApp("medium"), provedAt("medium"))))
                .isEqualTo(SignInOutcome.CONTINUE);
        assertThat(check.check(attempt(request("scope=openid identity"), identityApp("medium"), provedAt("high"))))
                .isEqualTo(SignInOutcome.CONTINUE);
    }

    @Test
    void anIdentityThatCouldNotBeProved_isRefused() {
        assertThat(check.check(attempt(request("scope=openid identity"), identityApp("low"),
                withIdentity(IdentityCheck.notProved("gov-uk", List.of("X"))))))
                .isEqualTo(new SignInOutcome.Refuse(Reason.IDENTITY_NOT_PROVED));
    }

    @Test
    void aRequestWithoutTheIdentityScope_continues() {
        assertThat(check.check(attempt(request("scope=openid"), identityApp("high"), withIdentity(null)))).isEqualTo(SignInOutcome.CONTINUE);
    }
}
