package uk.civicid.broker.federation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * The app's authorization request that sent the person to sign in, as the security chain saved it:
 * which app asks, and the hints it gave.
 *
 * @param idpHint names the upstream to use, skipping the choice page
 */
public record PendingAuthorization(String clientId, String loginHint, String idpHint) {

    public static Optional<PendingAuthorization> of(RequestCache cache, HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = cache.getRequest(request, response);
        if (saved == null || first(saved, "client_id") == null) {
            return Optional.empty();
        }
        return Optional.of(new PendingAuthorization(first(saved, "client_id"), first(saved, "login_hint"), first(saved, "idp_hint")));
    }

    private static String first(SavedRequest saved, String name) {
        String[] values = saved.getParameterValues(name);
        return values != null && values.length == 1 ? values[0] : null;
    }
}
