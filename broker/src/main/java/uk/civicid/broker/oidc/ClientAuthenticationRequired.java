package uk.civicid.broker.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
        OAuthErrorResponse.write(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_client", "client authentication is required");
    }
}
