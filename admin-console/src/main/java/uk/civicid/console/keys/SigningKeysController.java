package uk.civicid.console.keys;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.civicid.console.api.AdminApi;
import uk.civicid.console.web.Role;
import uk.civicid.console.web.Roles;
import uk.civicid.console.web.SignedInPage;

/** The broker's token signing keys (administrators only), and rotating them now, after a confirmation. */
@Controller
@SignedInPage
@RequestMapping("/signing-keys")
class SigningKeysController {

    private final AdminApi api;

    SigningKeysController(AdminApi api) {
        this.api = api;
    }

    @ModelAttribute
    void administratorsOnly(@ModelAttribute("role") Role role) {
        Roles.requireAdministrator(role);
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("keys", api.signingKeys());
        return "console/keys/list";
    }

    @GetMapping("/rotate")
    String confirmRotation() {
        return "console/keys/rotate";
    }

    @PostMapping("/rotate")
    String rotate(RedirectAttributes redirect) {
        api.rotateSigningKeys();
        redirect.addFlashAttribute("done", "keys.rotated");
        return "redirect:/signing-keys";
    }
}
