package uk.civicid.console.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Pages anyone may see: after signing out, and when the console needs a passkey sign-in the person cannot give. */
@Controller
class PublicPages {

    @GetMapping("/signed-out")
    String signedOut() {
        return "console/signed-out";
    }

    @GetMapping("/passkey-needed")
    String passkeyNeeded() {
        return "console/passkey-needed";
    }
}
