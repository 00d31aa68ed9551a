package uk.civicid.console.web;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.Principal;
import java.util.List;
import org.springframework.stereotype.Component;
import uk.civicid.console.api.AdminApi;
import uk.civicid.console.api.AdminApiError;

/**
 * Finds the person's role by asking the admin API who they are ({@code GET /admin/api/me}), once per console
 * session. A person who is neither an administrator nor an app team member gets the API's 403 (the "no access"
 * page). The API checks the role again on every call, so this only decides what the pages show.
 */
@Component
public class Roles {

    static final String ATTRIBUTE = Roles.class.getName();

    private final AdminApi api;

    public Roles(AdminApi api) {
        this.api = api;
    }

    /** The role found for this person; kept with their name, so a new sign-in in the same session asks again. */
    private record Known(String person, Role role) implements Serializable {}

    public Role of(HttpSession session, Principal person) {
        if (session.getAttribute(ATTRIBUTE) instanceof Known known && known.person().equals(person.getName())) {
            return known.role();
        }
        Role role = api.me().administrator() ? Role.ADMINISTRATOR : Role.APP_TEAM;
        session.setAttribute(ATTRIBUTE, new Known(person.getName(), role));
        return role;
    }

    /** For pages only administrators have: anyone else gets the "no access" page. */
    public static void requireAdministrator(Role role) {
        if (role == null || !role.administrator()) {
            throw new AdminApiError(403, "forbidden", "only administrators can use this page", List.of(), null);
        }
    }
}
