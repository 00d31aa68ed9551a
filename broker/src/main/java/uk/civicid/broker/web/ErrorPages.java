package uk.civicid.broker.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;
import uk.civicid.broker.federation.SignInFailures;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.session.BrokerSessions;

/**
 * Failed sign-ins become a page that says what happened and what to do next; the detail goes to the log
 * (never to the page). Anything else unexpected falls to Spring Boot's error page, without a stack trace.
 */
@ControllerAdvice
public class ErrorPages {

    private final SignInFailures failures;

    public ErrorPages(SignInFailures failures) {
        this.failures = failures;
    }

    @ExceptionHandler(UpstreamSignInException.class)
    public ModelAndView signInFailed(UpstreamSignInException e, HttpServletRequest request) {
        // The upstream is named by the path (/signin/{upstreamId}, /signin/callback/{upstreamId}) when there is one.
        Object pathVariables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String upstreamId = pathVariables instanceof Map<?, ?> variables ? (String) variables.get("upstreamId") : null;
        failures.record(BrokerSessions.current().map(BrokerPrincipal::accountId).orElse(null), upstreamId, e);
        HttpStatus status = switch (e.reason()) {
            case UPSTREAM_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case ALREADY_LINKED -> HttpStatus.CONFLICT;
            case UNKNOWN_UPSTREAM -> HttpStatus.NOT_FOUND;
            case ACCOUNT_DISABLED, IDENTITY_NOT_PROVED, TENANT_NOT_ALLOWED -> HttpStatus.FORBIDDEN;
            case UPSTREAM_DENIED, INVALID_RESPONSE, EXPIRED -> HttpStatus.BAD_REQUEST;
        };
        ModelAndView page = new ModelAndView("signin-error", status);
        page.addObject("reason", e.reason().name());
        return page;
    }
}
