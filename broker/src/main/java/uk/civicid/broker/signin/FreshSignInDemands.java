package uk.civicid.broker.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each of a browser's recent authorization requests asked for a fresher sign-in than it had, kept in its HTTP
 * session (so on every node with it), at most {@value #MAX} requests.
 */
final class FreshSignInDemands {

    private static final String ATTRIBUTE = FreshSignInDemands.class.getName();
    private static final int MAX = 16;

    private FreshSignInDemands() {}

    static Instant demandedAt(HttpServletRequest request, String key) {
        HttpSession session = request.getSession(false);
        return session == null ? null : read(session).get(key);
    }

    /** The request's outcome: met (the demand is forgotten), or still asking for a fresh sign-in from now on. */
    static void update(HttpServletRequest request, String key, boolean met, Instant now) {
        HttpSession session = request.getSession();
        Map<String, Instant> next = new LinkedHashMap<>(read(session));
        next.remove(key);
        if (!met) {
            next.put(key, now);
            while (next.size() > MAX) {
                next.remove(next.keySet().iterator().next());
            }
        }
        session.setAttribute(ATTRIBUTE, next); // set again, so a session store writes the change
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Instant> read(HttpSession session) {
        Object demands = session.getAttribute(ATTRIBUTE);
        return demands instanceof Map<?, ?> map ? (Map<String, Instant>) map : Map.of();
    }
}
