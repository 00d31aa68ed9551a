package uk.civicid.console.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
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

    /** Where Spring Security forwards a refused request (of any method), e.g. a form without its CSRF token. */
    @RequestMapping("/refused")
    String refused(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return "console/refused";
    }

    @GetMapping("/passkey-needed")
    String passkeyNeeded() {
        return "console/passkey-needed";
    }
}
