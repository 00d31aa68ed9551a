package uk.civicid.broker.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.federation.SignInHints;
import uk.civicid.broker.identity.VerifiedClaims;

/**
 * What an app's authorization request asks of the sign-in, parsed once, here and nowhere else. A parameter given
 * twice counts as absent (the framework refuses such a request anyway).
 *
 * @param prompt    the {@code prompt} values (OIDC Core §3.1.2.1)
 * @param maxAge    {@code max_age} in seconds, or null when absent or not a number
 * @param scopes    the {@code scope} values asked for
 * @param idpHint   names the upstream to use, skipping the choice page
 * @param key       identifies this request among a browser's others (its parameters, less the request cache's
 *                  {@code continue} marker), so a fresh sign-in demanded by it is met once
 */
public record SignInRequest(String clientId, String redirectUri, String state, Set<String> prompt, Long maxAge,
                            List<String> acrValues, Set<String> scopes, String loginHint, String idpHint, String key) {

    public SignInRequest {
        prompt = Set.copyOf(prompt);
        scopes = Set.copyOf(scopes);
        acrValues = List.copyOf(acrValues);
    }

    public static SignInRequest of(Map<String, String[]> parameters) {
        String maxAge = first(parameters, "max_age");
        return new SignInRequest(first(parameters, "client_id"), first(parameters, "redirect_uri"), first(parameters, "state"),
                Set.copyOf(words(first(parameters, "prompt"))),
                maxAge != null && maxAge.matches("\\d{1,9}") ? Long.valueOf(maxAge) : null,
                words(first(parameters, "acr_values")), Set.copyOf(words(first(parameters, "scope"))),
                first(parameters, "login_hint"), first(parameters, "idp_hint"),
                key(parameters));
    }

    public static SignInRequest of(HttpServletRequest request) {
        return of(request.getParameterMap());
    }

    /** The app's request the security chain saved when it sent the person to sign in, if it was one. */
    public static Optional<SignInRequest> saved(RequestCache cache, HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = cache.getRequest(request, response);
        return saved == null ? Optional.empty() : Optional.of(of(saved.getParameterMap())).filter(r -> r.clientId() != null);
    }

    public boolean prompts(String value) {
        return prompt.contains(value);
    }

    /** Whether the app asks for a verified identity: a sign-in without one is sent to an upstream to prove it. */
    public boolean asksIdentity() {
        return scopes.contains(VerifiedClaims.SCOPE);
    }

    /**
     * What to pass on to the upstream, so a fresh sign-in the app asks for is fresh there too, and an identity is proved at
     * the level the app needs.
     */
    public SignInHints hints(ClientPolicy app) {
        return new SignInHints(loginHint, prompts("login"), maxAge, null, asksIdentity() ? identityLevel(app) : null);
    }

    /** The least level of assurance of a verified identity the app takes. */
    static String identityLevel(ClientPolicy app) {
        return app == null ? VerifiedClaims.LEVELS.get(0) : app.identityLevel();
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values != null && values.length == 1 ? values[0] : null;
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.stream(value.trim().split(" +")).distinct().toList();
    }

    private static String key(Map<String, String[]> parameters) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(parameters).forEach((name, values) -> {
            if (!"continue".equals(name)) {
                canonical.append(name).append('=').append(String.join(",", values)).append('&');
            }
        });
        return Sha256.base64Url(canonical.toString());
    }
}
