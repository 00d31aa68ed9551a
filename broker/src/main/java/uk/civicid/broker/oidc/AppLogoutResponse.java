package uk.civicid.broker.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import uk.civicid.broker.signin.UpstreamSignOut;

/**
 * The answer to an app's RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), once the framework has checked the
 * request: the broker signs out ({@link BrokerLogout}), then the browser goes to the app's registered post-logout
 * redirect URI with its {@code state} (the broker's signed-out page when it gave none, or the hint's session was not
 * this browser's) by way of the upstreams the person signed in with ({@link UpstreamSignOut}).
 */
public class AppLogoutResponse implements AuthenticationSuccessHandler {

    private final BrokerLogout logout;
    private final UpstreamSignOut upstreamSignOut;

    public AppLogoutResponse(BrokerLogout logout, UpstreamSignOut upstreamSignOut) {
        this.logout = logout;
        this.upstreamSignOut = upstreamSignOut;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OidcLogoutAuthenticationToken app = (OidcLogoutAuthenticationToken) authentication;
        logout.logout(request, response, app);
        String target = app.isAuthenticated() && StringUtils.hasText(app.getPostLogoutRedirectUri())
                ? withState(app.getPostLogoutRedirectUri(), app.getState()) : UpstreamSignOut.SIGNED_OUT;
        upstreamSignOut.redirect(request, response, target);
    }

    /** An app's registered post-logout redirect URI with the {@code state} it sent, if any (RP-Initiated Logout 1.0 §3). */
    static String withState(String postLogoutRedirectUri, String state) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(postLogoutRedirectUri);
        if (StringUtils.hasText(state)) {
            uri.queryParam("state", UriUtils.encode(state, StandardCharsets.UTF_8));
        }
        return uri.build(true).toUriString();
    }
}
