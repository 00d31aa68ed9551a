package uk.civicid.broker.session;

import java.util.List;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * Given to the authorization server in place of its own registry, which would keep every browser session of this
 * node in memory, unbounded and invisible to other nodes, and would stamp ID tokens with a {@code sid} derived from
 * the HTTP session id. The broker's sessions are {@link BrokerSessions}, stored through their repository; they give
 * {@code sid} (see BrokerClaims) and decide logout (see BrokerLogout).
 */
public final class UntrackedSessionRegistry implements SessionRegistry {

    @Override
    public List<Object> getAllPrincipals() {
        return List.of();
    }

    @Override
    public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
        return List.of();
    }

    @Override
    public SessionInformation getSessionInformation(String sessionId) {
        return null;
    }

    @Override
    public void refreshLastRequest(String sessionId) {
    }

    @Override
    public void registerNewSession(String sessionId, Object principal) {
    }

    @Override
    public void removeSessionInformation(String sessionId) {
    }
}
