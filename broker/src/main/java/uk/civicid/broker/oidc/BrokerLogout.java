package uk.civicid.broker.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.session.BrokerSessions;
import uk.civicid.broker.signin.UpstreamSignOut;

/**
 * Signing out, from an app (RP-initiated logout with an {@code id_token_hint}) or from the broker's own
 * pages: ends the broker session the ID token names ({@code sid}) or this browser's, which notifies every
 * app of it, and clears this browser's sign-in if it was that session (whose upstreams are then signed out of too:
 * {@link UpstreamSignOut}).
 */
public class BrokerLogout implements LogoutHandler {

    private final BrokerSessions sessions;
    private final Audit audit;
    private final UpstreamSignOut upstreamSignOut;
    private final SecurityContextLogoutHandler browser = new SecurityContextLogoutHandler();

    public BrokerLogout(BrokerSessions sessions, Audit audit, UpstreamSignOut upstreamSignOut) {
        this.sessions = sessions;
        this.audit = audit;
        this.upstreamSignOut = upstreamSignOut;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        String sessionId = authentication instanceof OidcLogoutAuthenticationToken oidc
                ? oidc.getIdToken().getClaimAsString("sid")
                : BrokerSessions.current().map(p -> p.sessionId()).orElse(null);
        BrokerSessions.current().filter(p -> p.sessionId().equals(sessionId)).ifPresent(p -> {
            upstreamSignOut.collect(request); // before the browser's session, which holds them, is gone
            browser.logout(request, response, null);
            audit.record(AuditEventType.SIGNED_OUT, p.accountId(), p.upstreamId());
        });
        if (sessionId != null) {
            sessions.end(sessionId);
        }
    }
}
