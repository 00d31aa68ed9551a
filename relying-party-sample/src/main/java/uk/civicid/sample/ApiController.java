package uk.civicid.sample;

import java.util.Collection;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The app's API. Only requests with a valid access token get here (see SecurityConfig). */
@RestController
class ApiController {

    /** What the API learned from the access token. */
    record Me(String subject, String clientId, String scope, String issuer) {}

    @GetMapping("/api/me")
    Me me(@AuthenticationPrincipal Jwt token) {
        // RFC 9068 sends scope as one space-separated string; some servers send a JSON array.
        Object scope = token.getClaim("scope");
        String scopes = scope instanceof Collection<?> list ? String.join(" ", list.stream().map(String::valueOf).toList())
                : scope != null ? scope.toString() : "";
        return new Me(token.getSubject(), token.getClaimAsString("client_id"), scopes, token.getClaimAsString("iss"));
    }
}
