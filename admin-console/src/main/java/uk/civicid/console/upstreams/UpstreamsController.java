package uk.civicid.console.upstreams;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;
import uk.civicid.console.api.AdminApi;
import uk.civicid.console.api.AdminApiError;
import uk.civicid.console.api.Upstream;
import uk.civicid.console.web.FormErrors;
import uk.civicid.console.web.FormProblems;
import uk.civicid.console.web.Role;
import uk.civicid.console.web.Roles;
import uk.civicid.console.web.SignedInPage;

/** Upstream logins (administrators only): list, add, change, disable or enable, and test the connection. */
@Controller
@SignedInPage
@RequestMapping("/upstreams")
class UpstreamsController {

    private final AdminApi api;
    private final FormProblems problems;

    UpstreamsController(AdminApi api, FormProblems problems) {
        this.api = api;
        this.problems = problems;
    }

    /** Every page here is for administrators; the API checks again. */
    @ModelAttribute
    void administratorsOnly(@ModelAttribute("role") Role role) {
        Roles.requireAdministrator(role);
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("upstreams", api.upstreams());
        return "console/upstreams/list";
    }

    @GetMapping("/new")
    String addForm(Model model) {
        return form(model, UpstreamForm.blank(), FormErrors.none(), null);
    }

    @PostMapping
    String add(@ModelAttribute UpstreamForm form, Model model, RedirectAttributes redirect) {
        FormErrors errors = form.check(problems, true);
        if (errors.any()) {
            return form(model, form, errors, null);
        }
        Upstream added;
        try {
            added = api.add(form.toChange());
        } catch (AdminApiError refused) {
            if (!refused.aboutTheInput()) {
                throw refused;
            }
            return form(model, form, problems.from(refused, UpstreamForm.FIELDS), null);
        }
        redirect.addFlashAttribute("done", "upstream.added");
        return "redirect:/upstreams/" + encoded(added.id());
    }

    @GetMapping("/{id}")
    String upstream(@PathVariable String id, Model model) {
        model.addAttribute("upstream", api.upstream(id));
        return "console/upstreams/upstream";
    }

    @GetMapping("/{id}/edit")
    String changeForm(@PathVariable String id, Model model) {
        Upstream upstream = editable(api.upstream(id));
        return form(model, UpstreamForm.of(upstream), FormErrors.none(), upstream);
    }

    @PostMapping("/{id}")
    String change(@PathVariable String id, @ModelAttribute UpstreamForm form, Model model, RedirectAttributes redirect) {
        Upstream current = editable(api.upstream(id));
        FormErrors errors = form.check(problems, false);
        if (errors.any()) {
            return form(model, form, errors, current);
        }
        try {
            api.change(id, form.toChange());
        } catch (AdminApiError refused) {
            if (!refused.aboutTheInput()) {
                throw refused;
            }
            return form(model, form, problems.from(refused, UpstreamForm.FIELDS), current);
        }
        redirect.addFlashAttribute("done", "upstream.changed");
        return "redirect:/upstreams/" + encoded(id);
    }

    @GetMapping("/{id}/disable")
    String confirmDisable(@PathVariable String id, Model model) {
        model.addAttribute("upstream", editable(api.upstream(id)));
        return "console/upstreams/disable";
    }

    @PostMapping("/{id}/disable")
    String disable(@PathVariable String id, RedirectAttributes redirect) {
        api.setUpstreamEnabled(id, false);
        redirect.addFlashAttribute("done", "upstream.disabled");
        return "redirect:/upstreams/" + encoded(id);
    }

    @PostMapping("/{id}/enable")
    String enable(@PathVariable String id, RedirectAttributes redirect) {
        api.setUpstreamEnabled(id, true);
        redirect.addFlashAttribute("done", "upstream.enabled");
        return "redirect:/upstreams/" + encoded(id);
    }

    /** The checks' results are shown once on the upstream's page. */
    @PostMapping("/{id}/test")
    String test(@PathVariable String id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("connection", api.testConnection(id));
        return "redirect:/upstreams/" + encoded(id);
    }

    private String form(Model model, UpstreamForm form, FormErrors errors, Upstream upstream) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("upstream", upstream);
        model.addAttribute("levels", UpstreamForm.LEVELS);
        return "console/upstreams/form";
    }

    private static Upstream editable(Upstream upstream) {
        if (upstream.configured()) {
            throw new AdminApiError(409, "conflict", "this upstream login is set in the broker's configuration and is changed there",
                    List.of(), null);
        }
        return upstream;
    }

    private static String encoded(String id) {
        return UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
    }
}
