package uk.civicid.broker.oidc;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;

/** An RFC 6749 §5.2 error answer, for the refusals the broker writes itself before the framework's endpoints run. */
final class OAuthErrorResponse {

    private OAuthErrorResponse() {}

    /** @param description a constant of the broker's, never request input (it is written into the JSON as it is) */
    static void write(HttpServletResponse response, int status, String error, String description) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }
}
