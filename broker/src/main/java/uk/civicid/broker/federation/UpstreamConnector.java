package uk.civicid.broker.federation;

import java.net.URI;
import java.util.Map;

/**
 * The seam to one upstream identity provider. A connector keeps no flow state: the transaction goes in
 * when the person is sent away and comes back in on the callback.
 */
public interface UpstreamConnector {

    /** Where to send the browser to sign in at the upstream, passing on what the app asked of the sign-in. */
    URI authorizationRedirect(SignInTransaction transaction, URI callbackUri, SignInHints hints);

    /**
     * Completes the sign-in from the upstream's callback parameters: exchanges the code and validates
     * what comes back completely. Throws {@link UpstreamSignInException} on any failure.
     */
    UpstreamIdentity complete(SignInTransaction transaction, URI callbackUri, Map<String, String> callbackParameters);

    /**
     * Verifies a logout token the upstream posted to its back-channel logout endpoint (OpenID Connect Back-Channel
     * Logout 1.0 §2.6). Throws {@link LogoutTokenRefused} for a bad token, {@link UpstreamSignInException} when the
     * upstream's keys cannot be read.
     */
    UpstreamLogout verifyLogoutToken(String logoutToken);

    /** What the last call to the upstream showed, without calling it: for health, never for readiness. */
    UpstreamStatus status();

    /** @param failure the last call's failure, or null when it succeeded or there has been none */
    record UpstreamStatus(java.time.Instant lastCall, String failure) {}
}
