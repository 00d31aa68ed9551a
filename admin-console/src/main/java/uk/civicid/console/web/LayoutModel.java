package uk.civicid.console.web;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import uk.civicid.console.ConsoleProperties;

/** What every page's layout needs, signed in or not. */
@ControllerAdvice
class LayoutModel {

    private final ConsoleProperties properties;

    LayoutModel(ConsoleProperties properties) {
        this.properties = properties;
    }

    /** The broker's account page, where people add a passkey. */
    @ModelAttribute("accountPage")
    String accountPage() {
        return properties.broker() + "/account";
    }

    @ModelAttribute("helpContact")
    String helpContact() {
        return properties.helpContact();
    }
}
