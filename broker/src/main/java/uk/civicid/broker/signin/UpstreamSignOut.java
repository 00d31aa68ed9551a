package uk.civicid.broker.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.UpstreamIdentity;
import uk.civicid.broker.federation.UpstreamRegistration;
import uk.civicid.broker.federation.Upstreams;
import uk.civicid.broker.session.BrokerSessions;

/**
 * Signing out at the broker signs the person out of the upstreams they signed in with in this browser too, by sending
 * the browser to each one's end-session endpoint in turn (OpenID Connect RP-Initiated Logout 1.0), then on to where the
 * sign-out was going (the app's post-logout redirect URI, or the broker's signed-out page). GOV.UK One Login requires it
 * of every service: its session cookie outlives the browser, so on a shared computer the next person would otherwise be
 * signed in as the last ("Log your users out of GOV.UK One Login",
 * https://docs.sign-in.service.gov.uk/integrate-with-integration-environment/log-your-users-out/).
 *
 * <p>What each upstream needs to end its session (its logout hint) is kept in this browser's HTTP session from the
 * sign-in; where the sign-out goes next is kept there too, never taken from the upstream's answer, so the return leg
 * cannot redirect anywhere else.
 */
@Component
public class UpstreamSignOut {

    /** The broker's page for a person signed out, where a sign-out from the broker's own pages ends. */
    public static final String SIGNED_OUT = "/signed-out";

    private static final String HINTS = "civicid.upstreamLogoutHints";
    private static final String LEAVING = "civicid.upstreamSignOut";

    /**
     * The upstreams still to sign out of (id → logout hint), where to go after, and the upstream the browser is at, with
     * the state its return must carry.
     */
    private record Leaving(LinkedHashMap<String, String> remaining, String target, String upstreamId, String state) implements Serializable {}

    private final Upstreams upstreams;
    private final URI issuer;

    public UpstreamSignOut(Upstreams upstreams, CivicIdProperties properties) {
        this.upstreams = upstreams;
        this.issuer = properties.issuer();
    }

    /**
     * Keeps what the upstream of this sign-in needs to end its session. A sign-in that started a new broker session
     * forgets the upstreams of the one before: that person's sign-out has already happened.
     */
    public void remember(HttpServletRequest request, UpstreamIdentity identity, boolean newSession) {
        HttpSession session = request.getSession();
        LinkedHashMap<String, String> hints = newSession ? null : hints(session);
        hints = hints == null ? new LinkedHashMap<>() : new LinkedHashMap<>(hints);
        if (identity.logoutHint() != null) {
            hints.remove(identity.upstreamId()); // the latest sign-in's hint, last
            hints.put(identity.upstreamId(), identity.logoutHint());
        }
        session.setAttribute(HINTS, hints);
    }

    /** Takes the logout hints of the browser's session before it is ended, for {@link #redirect}. */
    public void collect(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && hints(session) != null) {
            request.setAttribute(HINTS, hints(session));
        }
    }

    /** Sends the browser to the first upstream still to sign out of, or to {@code target} when none is left. */
    public void redirect(HttpServletRequest request, HttpServletResponse response, String target) throws IOException {
        response.sendRedirect(leave(request, target));
    }

    /** Where the browser goes next: the first upstream still to sign out of, or {@code target} when none is left. */
    public String leave(HttpServletRequest request, String target) {
        @SuppressWarnings("unchecked")
        Map<String, String> collected = (Map<String, String>) request.getAttribute(HINTS);
        return next(request, collected == null ? new LinkedHashMap<>() : new LinkedHashMap<>(collected), target);
    }

    /**
     * The browser back from an upstream's end-session endpoint: on to the next upstream, or where the sign-out was going.
     * A return without the expected state (forged, replayed, or from a sign-out that has finished) goes to the broker's
     * signed-out page, never to the target.
     */
    public String resume(HttpServletRequest request, String upstreamId, String state) {
        HttpSession session = request.getSession(false);
        Leaving leaving = session == null ? null : (Leaving) session.getAttribute(LEAVING);
        if (leaving == null || !leaving.upstreamId().equals(upstreamId) || !leaving.state().equals(state)) {
            return SIGNED_OUT;
        }
        session.removeAttribute(LEAVING);
        return next(request, leaving.remaining(), leaving.target());
    }

    private String next(HttpServletRequest request, LinkedHashMap<String, String> remaining, String target) {
        List<String> ids = new ArrayList<>(remaining.keySet());
        for (String id : ids) {
            String hint = remaining.remove(id);
            String state = BrokerSessions.randomId();
            Optional<URI> away = upstreams.find(id).flatMap(u -> u.connector()
                    .endSessionRedirect(hint, UpstreamRegistration.of(issuer, id).postLogoutRedirectUri(), state));
            if (away.isPresent()) {
                request.getSession().setAttribute(LEAVING, new Leaving(remaining, target, id, state));
                return away.get().toString();
            }
        }
        return target;
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashMap<String, String> hints(HttpSession session) {
        return (LinkedHashMap<String, String>) session.getAttribute(HINTS);
    }
}
