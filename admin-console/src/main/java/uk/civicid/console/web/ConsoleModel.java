package uk.civicid.console.web;

import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every signed-in page's layout needs: the person's role, which decides the navigation. */
@ControllerAdvice(annotations = SignedInPage.class)
class ConsoleModel {

    private final Roles roles;

    ConsoleModel(Roles roles) {
        this.roles = roles;
    }

    @ModelAttribute("role")
    Role role(HttpSession session, Principal person) {
        return roles.of(session, person);
    }
}
