package uk.civicid.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Component;

/**
 * Sends the person to sign in again when the admin API wants it: a passkey sign-in (401
 * {@code insufficient_user_authentication}, RFC 9470) or a fresh token (401 {@code invalid_token}). At most once in
 * {@link #RETRY_AFTER}: if the API still refuses right after, the person gets a page that explains, not a loop of
 * redirects. The page they were on is remembered, so they come back to it.
 */
@Component
public class StepUp {

    static final String ACR_VALUES = StepUp.class.getName() + ".acr";
    private static final String LAST_TRIED = StepUp.class.getName() + ".tried";
    private static final Duration RETRY_AFTER = Duration.ofMinutes(2);

    private final RequestCache requests = new HttpSessionRequestCache();
    private final Clock clock = Clock.systemUTC();

    /**
     * @param acrValues what the API asked for, or null
     * @return where to send the person: to the broker, or null when a sign-in was just tried (show a page instead)
     */
    public String signInAgain(HttpServletRequest request, HttpServletResponse response, boolean passkey, String acrValues) {
        HttpSession session = request.getSession();
        Instant now = clock.instant();
        if (session.getAttribute(LAST_TRIED) instanceof Instant tried && tried.plus(RETRY_AFTER).isAfter(now)) {
            return null;
        }
        session.setAttribute(LAST_TRIED, now);
        if (acrValues != null) {
            session.setAttribute(ACR_VALUES, acrValues);
        }
        if ("GET".equals(request.getMethod())) {
            requests.saveRequest(request, response);
        }
        return request.getContextPath() + SecurityConfiguration.SIGN_IN + (passkey ? "?" + StepUpSignIn.PARAMETER : "");
    }
}
