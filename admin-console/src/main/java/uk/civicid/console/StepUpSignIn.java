package uk.civicid.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * A sign-in started with {@code ?step_up} asks the broker for a fresh, phishing-resistant sign-in: the admin API's
 * {@code acr_values} (RFC 9470 §4, remembered in the session by {@link StepUp}) or the configured passkey acr, and
 * {@code prompt=login} so an existing broker session without a passkey is not simply reused.
 */
final class StepUpSignIn implements OAuth2AuthorizationRequestResolver {

    static final String PARAMETER = "step_up";

    private final OAuth2AuthorizationRequestResolver defaults;
    private final String passkeyAcr;

    StepUpSignIn(OAuth2AuthorizationRequestResolver defaults, String passkeyAcr) {
        this.defaults = defaults;
        this.passkeyAcr = passkeyAcr;
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        return stepUp(request, defaults.resolve(request));
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return stepUp(request, defaults.resolve(request, clientRegistrationId));
    }

    private OAuth2AuthorizationRequest stepUp(HttpServletRequest request, OAuth2AuthorizationRequest authorization) {
        if (authorization == null || request.getParameter(PARAMETER) == null) {
            return authorization;
        }
        HttpSession session = request.getSession(false);
        Object asked = session == null ? null : session.getAttribute(StepUp.ACR_VALUES);
        String acr = asked instanceof String acrValues && !acrValues.isBlank() ? acrValues : passkeyAcr;
        return OAuth2AuthorizationRequest.from(authorization)
                .additionalParameters(parameters -> {
                    parameters.put("acr_values", acr);
                    parameters.put("prompt", "login");
                })
                .build();
    }
}
