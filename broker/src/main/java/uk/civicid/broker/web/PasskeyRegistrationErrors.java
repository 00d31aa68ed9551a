package uk.civicid.broker.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.civicid.broker.web.StoreUnavailable;

/**
 * A passkey the broker will not register (failed verification: wrong origin, RP ID, challenge or flags; an
 * authenticator model not accepted) is answered 400 with a reason code for the page's script, not a 500:
 * the framework's registration filter lets such failures through.
 */
public final class PasskeyRegistrationErrors extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PasskeyRegistrationErrors.class);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && request.getRequestURI().equals(request.getContextPath() + "/webauthn/register"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException e) {
            if (StoreUnavailable.isStoreFailure(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("event=passkey_registration_refused reason=\"{}\"", e.getMessage());
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"passkey_refused\"}");
        }
    }
}
