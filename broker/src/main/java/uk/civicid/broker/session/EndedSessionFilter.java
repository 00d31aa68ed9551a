package uk.civicid.broker.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On the broker's own pages, a browser whose broker session has ended is not signed in: its account page
 * cannot add or remove logins ({@link BrokerSessions#forgetIfEnded}). The authorization endpoint makes
 * the same check itself, per request.
 */
public class EndedSessionFilter extends OncePerRequestFilter {

    private final BrokerSessions sessions;

    public EndedSessionFilter(BrokerSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        sessions.forgetIfEnded(request, response);
        chain.doFilter(request, response);
    }
}
