package uk.civicid.broker.federation;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Where to send the browser to end the person's session at the upstream too (OpenID Connect RP-Initiated Logout 1.0
     * §2), coming back to {@code postLogoutRedirectUri} with {@code state}; empty when the upstream offers no such
     * endpoint, or cannot be reached to learn it (the broker's own sign-out has happened either way).
     *
     * @param logoutHint the {@link UpstreamIdentity#logoutHint()} of the sign-in
     */
    Optional<URI> endSessionRedirect(String logoutHint, URI postLogoutRedirectUri, String state);

    /** What the last call to the upstream showed, without calling it: for health, never for readiness. */
    UpstreamStatus status();

    /** @param failure the last call's failure, or null when it succeeded or there has been none */
    record UpstreamStatus(java.time.Instant lastCall, String failure) {}
}
