package uk.civicid.console.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.BiConsumer;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import uk.civicid.console.ConsoleProperties;

/** What every page's layout needs, signed in or not, error pages included (see {@link ConsoleErrors}). */
@ControllerAdvice
class LayoutModel {

    private final ConsoleProperties properties;

    LayoutModel(ConsoleProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute
    void layout(HttpServletRequest request, Model model) {
        populate(request, model::addAttribute);
    }

    void populate(HttpServletRequest request, BiConsumer<String, Object> model) {
        // The broker's account page, where people add a passkey.
        model.accept("accountPage", properties.broker() + "/account");
        model.accept("helpContact", properties.helpContact());
        model.accept("signedIn", request.getUserPrincipal() != null);
        // For the navigation's aria-current.
        model.accept("path", request.getRequestURI().substring(request.getContextPath().length()));
    }
}
