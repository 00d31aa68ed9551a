package uk.civicid.broker.oidc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * RFC 6749 §2.3: an app uses one client authentication method per request. A request to the token, introspection or
 * revocation endpoint that carries HTTP Basic and also a {@code client_secret} or {@code client_assertion} in the form,
 * or whose form {@code client_id} is not the Basic one, is refused with {@code invalid_request} before any of them is
 * tried, so one app's credentials can never be taken for a request in another's name.
 */
public final class OneClientAuthentication extends OncePerRequestFilter {

    private final Set<String> endpoints;

    public OneClientAuthentication(Set<String> endpoints) {
        this.endpoints = Set.copyOf(endpoints);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)
                || !endpoints.contains(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String formClientId = request.getParameter("client_id");
        boolean twoMethods = request.getParameter("client_secret") != null || request.getParameter("client_assertion") != null;
        if (twoMethods || formClientId != null && !formClientId.equals(basicClientId(request.getHeader("Authorization")))) {
            OAuthErrorResponse.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_request", twoMethods
                    ? "one client authentication method per request (RFC 6749 section 2.3)"
                    : "client_id is not the client authenticated by HTTP Basic");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The client id of an HTTP Basic header (RFC 6749 §2.3.1: form-urlencoded, then Base64), or null when malformed. */
    private static String basicClientId(String authorization) {
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
