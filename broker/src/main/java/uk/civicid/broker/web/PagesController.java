package uk.civicid.broker.web;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.servlet.ModelAndView;
import uk.civicid.broker.federation.UpstreamSignInException;
import org.springframework.web.bind.annotation.GetMapping;

/** The broker's own simple pages. */
@Controller
public class PagesController {

    @GetMapping("/")
    public String home() {
        return "redirect:/account";
    }

    /** Where a disabled account's passkey sign-in ends (a federated one gets the same page from ErrorPages). */
    @GetMapping("/account-disabled")
    public ModelAndView accountDisabled() {
        ModelAndView page = new ModelAndView("signin-error", HttpStatus.FORBIDDEN);
        page.addObject("reason", UpstreamSignInException.Reason.ACCOUNT_DISABLED.name());
        return page;
    }

    @GetMapping("/signed-out")
    public String signedOut() {
        return "signed-out";
    }
}
