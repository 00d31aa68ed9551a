package uk.civicid.broker.federation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * The app's authorization request that sent the person to sign in, as the security chain saved it:
 * which app asks, and what it asked of the sign-in.
 *
 * @param idpHint names the upstream to use, skipping the choice page
 */
public record PendingAuthorization(String clientId, String idpHint, SignInHints hints, String acrValues, String redirectUri,
                                   String state) {

    public static Optional<PendingAuthorization> of(RequestCache cache, HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = cache.getRequest(request, response);
        if (saved == null || first(saved, "client_id") == null) {
            return Optional.empty();
        }
        String prompt = first(saved, "prompt");
        String maxAge = first(saved, "max_age");
        SignInHints hints = new SignInHints(first(saved, "login_hint"),
                prompt != null && Arrays.asList(prompt.split(" ")).contains("login"),
                maxAge != null && maxAge.matches("\\d{1,9}") ? Long.valueOf(maxAge) : null);
        return Optional.of(new PendingAuthorization(first(saved, "client_id"), first(saved, "idp_hint"), hints,
                first(saved, "acr_values"), first(saved, "redirect_uri"), first(saved, "state")));
    }

    private static String first(SavedRequest saved, String name) {
        String[] values = saved.getParameterValues(name);
        return values != null && values.length == 1 ? values[0] : null;
    }
}
