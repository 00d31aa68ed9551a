package uk.civicid.console.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page: what the person can do here, by role (the layout model has the role). */
@Controller
@SignedInPage
class HomeController {

    @GetMapping("/")
    String home() {
        return "console/home";
    }
}
