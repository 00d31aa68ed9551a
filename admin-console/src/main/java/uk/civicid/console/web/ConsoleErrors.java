package uk.civicid.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import uk.civicid.console.StepUp;
import uk.civicid.console.api.AdminApiError;

/**
 * The one place where the admin API's refusals that are not about a form become pages a person can act on: sign in
 * again, a passkey is needed, no access (and whom to ask), not found, or try again later.
 */
@ControllerAdvice
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    private final StepUp stepUp;
    private final LayoutModel layout;

    ConsoleErrors(StepUp stepUp, LayoutModel layout) {
        this.stepUp = stepUp;
        this.layout = layout;
    }

    @ExceptionHandler(AdminApiError.class)
    ModelAndView refused(AdminApiError refusal, HttpServletRequest request, HttpServletResponse response) {
        // Status and error code only: descriptions can name what was asked for.
        log.info("admin_api_refused status={} error={} path={}", refusal.status(), refusal.error(), request.getRequestURI());
        if (refusal.status() == 401) {
            String signIn = stepUp.signInAgain(request, response, refusal.needsPasskeySignIn(), refusal.acrValues());
            if (signIn != null) {
                return new ModelAndView("redirect:" + signIn);
            }
            return page(request, refusal.needsPasskeySignIn() ? "console/passkey-needed" : "console/problem", HttpStatus.UNAUTHORIZED, refusal);
        }
        return switch (refusal.status()) {
            case 403 -> page(request, "console/no-access", HttpStatus.FORBIDDEN, refusal);
            case 404 -> page(request, "console/not-found", HttpStatus.NOT_FOUND, refusal);
            case 503 -> page(request, "console/unavailable", HttpStatus.SERVICE_UNAVAILABLE, refusal);
            default -> page(request, "console/problem", refusal.status() >= 500 ? HttpStatus.BAD_GATEWAY : HttpStatus.BAD_REQUEST, refusal);
        };
    }

    /** The person's token cannot be used or refreshed: sign in again (the broker's session usually makes it quick). */
    @ExceptionHandler(ClientAuthorizationRequiredException.class)
    ModelAndView signInRequired(HttpServletRequest request, HttpServletResponse response) {
        String signIn = stepUp.signInAgain(request, response, false, null);
        return signIn != null ? new ModelAndView("redirect:" + signIn)
                : page(request, "console/problem", HttpStatus.UNAUTHORIZED, null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ModelAndView notFound(HttpServletRequest request) {
        return page(request, "console/not-found", HttpStatus.NOT_FOUND, null);
    }

    private ModelAndView page(HttpServletRequest request, String view, HttpStatus status, AdminApiError refusal) {
        ModelAndView page = new ModelAndView(view, status);
        layout.populate(request, page::addObject);
        if (refusal != null) {
            page.addObject("description", refusal.description());
        }
        return page;
    }
}
