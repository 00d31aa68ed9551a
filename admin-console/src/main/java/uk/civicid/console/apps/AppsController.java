package uk.civicid.console.apps;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
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
import uk.civicid.console.ConsoleProperties;
import uk.civicid.console.api.AdminApi;
import uk.civicid.console.api.AdminApiError;
import uk.civicid.console.api.App;
import uk.civicid.console.api.ClientSecret;
import uk.civicid.console.web.FormErrors;
import uk.civicid.console.web.FormProblems;
import uk.civicid.console.web.Lines;
import uk.civicid.console.web.Role;
import uk.civicid.console.web.Roles;
import uk.civicid.console.web.SignedInPage;

/**
 * Apps: the list (the admin API shows app team members only their own), registering and changing one, and the app's
 * page with what to paste into the app. A new client secret travels from the API to the one page that shows it as a
 * flash attribute (in the session until that page is shown once), never in a URL or a log.
 */
@Controller
@SignedInPage
@RequestMapping("/apps")
class AppsController {

    /** The lifetimes offered for an initial access token. */
    enum TokenLifetime {
        HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1)), WEEK(Duration.ofDays(7));

        final Duration duration;

        TokenLifetime(Duration duration) {
            this.duration = duration;
        }
    }

    private final AdminApi api;
    private final FormProblems problems;
    private final BrokerEndpoints endpoints;

    AppsController(AdminApi api, FormProblems problems, ClientRegistrationRepository registrations,
                   ConsoleProperties properties) {
        this.api = api;
        this.problems = problems;
        this.endpoints = BrokerEndpoints.of(properties.broker(),
                registrations.findByRegistrationId("civicid").getProviderDetails());
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("apps", api.apps());
        return "console/apps/list";
    }

    @GetMapping("/new")
    String registerForm(Model model) {
        return form(model, AppForm.blank(), FormErrors.none(), null);
    }

    @PostMapping
    String register(@ModelAttribute AppForm form, Model model, RedirectAttributes redirect) {
        FormErrors errors = form.check(problems);
        if (errors.any()) {
            return form(model, form, errors, null);
        }
        App app;
        try {
            app = api.register(form.toMetadata());
        } catch (AdminApiError refused) {
            if (!refused.aboutTheInput()) {
                throw refused;
            }
            return form(model, form, problems.from(refused, AppForm.FIELDS), null);
        }
        if (app.clientSecret() != null) {
            redirect.addFlashAttribute("secret", new ClientSecret(app.clientId(), app.clientSecret()));
        }
        redirect.addFlashAttribute("done", "app.registered");
        return "redirect:/apps/" + encoded(app.clientId());
    }

    @GetMapping("/{id}")
    String app(@PathVariable String id, Model model) {
        App app = api.app(id);
        model.addAttribute("app", app);
        model.addAttribute("endpoints", endpoints);
        model.addAttribute("snippet", SpringBootSnippet.of(app, endpoints.issuer()));
        return "console/apps/app";
    }

    @GetMapping("/{id}/edit")
    String changeForm(@PathVariable String id, Model model) {
        App app = editable(api.app(id));
        return form(model, AppForm.of(app), FormErrors.none(), app);
    }

    @PostMapping("/{id}")
    String change(@PathVariable String id, @ModelAttribute AppForm form, Model model, RedirectAttributes redirect) {
        App current = editable(api.app(id));
        FormErrors errors = form.check(problems);
        if (errors.any()) {
            return form(model, form, errors, current);
        }
        try {
            api.change(id, form.toMetadata(current));
        } catch (AdminApiError refused) {
            if (!refused.aboutTheInput()) {
                throw refused;
            }
            return form(model, form, problems.from(refused, AppForm.FIELDS), current);
        }
        redirect.addFlashAttribute("done", "app.changed");
        return "redirect:/apps/" + encoded(id);
    }

    /** Confirmation first: the old secret stops working at once. */
    @GetMapping("/{id}/secret")
    String confirmRotation(@PathVariable String id, Model model) {
        model.addAttribute("app", editable(api.app(id)));
        return "console/apps/rotate-secret";
    }

    @PostMapping("/{id}/secret")
    String rotate(@PathVariable String id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("secret", api.rotateSecret(id));
        redirect.addFlashAttribute("done", "app.rotated");
        return "redirect:/apps/" + encoded(id);
    }

    /** Confirmation first: people can no longer sign in to the app. */
    @GetMapping("/{id}/disable")
    String confirmDisable(@PathVariable String id, Model model) {
        model.addAttribute("app", editable(api.app(id)));
        return "console/apps/disable";
    }

    @PostMapping("/{id}/disable")
    String disable(@PathVariable String id, RedirectAttributes redirect) {
        api.setAppEnabled(id, false);
        redirect.addFlashAttribute("done", "app.disabled");
        return "redirect:/apps/" + encoded(id);
    }

    @PostMapping("/{id}/enable")
    String enable(@PathVariable String id, RedirectAttributes redirect) {
        api.setAppEnabled(id, true);
        redirect.addFlashAttribute("done", "app.enabled");
        return "redirect:/apps/" + encoded(id);
    }

    /** Administrators only: who may manage the app (account ids, one per line). */
    @PostMapping("/{id}/owners")
    String owners(@PathVariable String id, @RequestParam(defaultValue = "") String owners,
                  @ModelAttribute("role") Role role, RedirectAttributes redirect) {
        Roles.requireAdministrator(role);
        api.setOwners(id, Lines.words(owners));
        redirect.addFlashAttribute("done", "app.ownersChanged");
        return "redirect:/apps/" + encoded(id);
    }

    /** Administrators only: a token with which a team registers an app by RFC 7591 itself. */
    @GetMapping("/registration-token")
    String registrationTokenForm(@ModelAttribute("role") Role role, Model model) {
        Roles.requireAdministrator(role);
        model.addAttribute("lifetimes", TokenLifetime.values());
        return "console/apps/registration-token";
    }

    @PostMapping("/registration-token")
    String registrationToken(@RequestParam(defaultValue = "DAY") TokenLifetime lifetime, @ModelAttribute("role") Role role,
                             RedirectAttributes redirect) {
        Roles.requireAdministrator(role);
        redirect.addFlashAttribute("registrationToken", api.initialAccessToken(lifetime.duration.toSeconds()));
        return "redirect:/apps/registration-token/made";
    }

    /** The token exists in this one response (a flash attribute), as a new client secret does. */
    @GetMapping("/registration-token/made")
    String registrationTokenMade(@ModelAttribute("role") Role role, Model model) {
        Roles.requireAdministrator(role);
        if (!model.containsAttribute("registrationToken")) {
            return "redirect:/apps/registration-token";
        }
        model.addAttribute("registerEndpoint", endpoints.issuer() + "/connect/register");
        return "console/apps/registration-token-made";
    }

    private String form(Model model, AppForm form, FormErrors errors, App app) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("app", app);
        return "console/apps/form";
    }

    /** Apps from the broker's configuration are changed there; the console offers no control for them. */
    private static App editable(App app) {
        if (app.configured()) {
            throw new AdminApiError(409, "conflict", "this app is set in the broker's configuration and is changed there",
                    List.of(), null);
        }
        return app;
    }

    private static String encoded(String id) {
        return UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
    }
}
