package uk.civicid.broker.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The broker's own simple pages. */
@Controller
public class PagesController {

    @GetMapping("/")
    public String home() {
        return "redirect:/account";
    }

    @GetMapping("/signed-out")
    public String signedOut() {
        return "signed-out";
    }
}
