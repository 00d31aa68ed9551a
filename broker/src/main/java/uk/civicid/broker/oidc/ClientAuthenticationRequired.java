package uk.civicid.broker.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The answer of an endpoint that authenticates apps (token, introspection, revocation) to a request without client
 * authentication: RFC 6749 §5.2's {@code invalid_client} as JSON, whatever the request accepts, never the person's
 * sign-in page.
 */
public final class ClientAuthenticationRequired implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException cause) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"error\":\"invalid_client\",\"error_description\":\"client authentication is required\"}");
    }
}
