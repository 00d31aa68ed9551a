package uk.civicid.console.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.GetMapping;

/** Pages anyone may see: after signing out, and when the console needs a passkey sign-in the person cannot give. */
@Controller
class PublicPages {

    /** {@code ?error}: the sign-in failed (see SecurityConfiguration). */
    @GetMapping("/signed-out")
    String signedOut(@RequestParam(required = false) String error, Model model) {
        model.addAttribute("failed", error != null);
        return "console/signed-out";
    }

    @GetMapping("/passkey-needed")
    String passkeyNeeded() {
        return "console/passkey-needed";
    }
}
