package uk.civicid.console.people;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;
import uk.civicid.console.api.AdminApi;
import uk.civicid.console.api.AdminApiError;
import uk.civicid.console.api.Person;
import uk.civicid.console.api.SessionsEnded;
import uk.civicid.console.web.Role;
import uk.civicid.console.web.Roles;
import uk.civicid.console.web.SignedInPage;

/**
 * People (administrators only): search by email or {@code upstream-id:subject}, a person's logins and passkeys,
 * disable or enable, end every session and revoke every token, remove a passkey. Destructive actions are confirmed
 * on a page of their own first.
 */
@Controller
@SignedInPage
@RequestMapping("/people")
class PeopleController {

    private final AdminApi api;

    PeopleController(AdminApi api) {
        this.api = api;
    }

    @ModelAttribute
    void administratorsOnly(@ModelAttribute("role") Role role) {
        Roles.requireAdministrator(role);
    }

    @GetMapping
    String search(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("q", q == null ? "" : q);
        if (q != null && !q.isBlank()) {
            model.addAttribute("people", api.people(q.strip()));
        }
        return "console/people/search";
    }

    @GetMapping("/{id}")
    String person(@PathVariable String id, Model model) {
        model.addAttribute("person", api.person(id));
        return "console/people/person";
    }

    @GetMapping("/{id}/disable")
    String confirmDisable(@PathVariable String id, Model model) {
        model.addAttribute("person", api.person(id));
        return "console/people/disable";
    }

    @PostMapping("/{id}/disable")
    String disable(@PathVariable String id, RedirectAttributes redirect) {
        api.setPersonDisabled(id, true);
        redirect.addFlashAttribute("done", "person.disabled");
        return back(id);
    }

    @PostMapping("/{id}/enable")
    String enable(@PathVariable String id, RedirectAttributes redirect) {
        api.setPersonDisabled(id, false);
        redirect.addFlashAttribute("done", "person.enabled");
        return back(id);
    }

    @GetMapping("/{id}/revoke-sessions")
    String confirmRevokeSessions(@PathVariable String id, Model model) {
        model.addAttribute("person", api.person(id));
        return "console/people/revoke-sessions";
    }

    @PostMapping("/{id}/revoke-sessions")
    String revokeSessions(@PathVariable String id, RedirectAttributes redirect) {
        SessionsEnded ended = api.revokeSessions(id);
        redirect.addFlashAttribute("ended", ended);
        redirect.addFlashAttribute("done", "person.sessionsEnded");
        return back(id);
    }

    @GetMapping("/{id}/passkeys/{passkey}/remove")
    String confirmRemovePasskey(@PathVariable String id, @PathVariable String passkey, Model model) {
        Person person = api.person(id);
        model.addAttribute("person", person);
        model.addAttribute("passkey", person.passkeysOrEmpty().stream().filter(p -> passkey.equals(p.id())).findFirst()
                .orElseThrow(() -> new AdminApiError(404, "not_found", "no such passkey",
                        List.of(), null)));
        return "console/people/remove-passkey";
    }

    @PostMapping("/{id}/passkeys/{passkey}/remove")
    String removePasskey(@PathVariable String id, @PathVariable String passkey, RedirectAttributes redirect) {
        api.revokePasskey(id, passkey);
        redirect.addFlashAttribute("done", "person.passkeyRemoved");
        return back(id);
    }

    private static String back(String id) {
        return "redirect:/people/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
    }
}
