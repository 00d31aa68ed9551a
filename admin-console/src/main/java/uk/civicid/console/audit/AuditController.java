package uk.civicid.console.audit;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import tools.jackson.databind.ObjectMapper;
import uk.civicid.console.api.AdminApi;
import uk.civicid.console.api.AdminApiError;
import uk.civicid.console.api.AuditPage;
import uk.civicid.console.api.AuditQuery;
import uk.civicid.console.web.FormErrors;
import uk.civicid.console.web.FormProblems;
import uk.civicid.console.web.Role;
import uk.civicid.console.web.Roles;
import uk.civicid.console.web.SignedInPage;

/**
 * The audit log (administrators only: the admin API shows it to no one else), newest first, with filters and paging
 * by the API's cursor. Dates are whole days in UK time: "to" includes the day it names.
 */
@Controller
@SignedInPage
@RequestMapping("/audit")
class AuditController {

    static final int PAGE_SIZE = 50;
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final AdminApi api;
    private final FormProblems problems;
    private final ObjectMapper json;

    AuditController(AdminApi api, FormProblems problems, ObjectMapper json) {
        this.api = api;
        this.problems = problems;
        this.json = json;
    }

    @ModelAttribute
    void administratorsOnly(@ModelAttribute("role") Role role) {
        Roles.requireAdministrator(role);
    }

    /** The API's filter names and the inputs they belong to ("before", the cursor, has none). */
    private static final Map<String, String> FIELDS = Map.of("account", "account", "client", "client", "type", "type",
            "from", "from", "to", "to");

    /** The filters as typed; {@code before} is the API's cursor for the page. */
    record Filters(String account, String client, String type, String from, String to, String before) {}

    @GetMapping
    String audit(@ModelAttribute("filters") Filters filters, Model model) {
        List<FormErrors.Problem> found = new ArrayList<>();
        LocalDate from = date(filters.from(), "from", found);
        LocalDate to = date(filters.to(), "to", found);
        if (from != null && to != null && to.isBefore(from)) {
            found.add(problems.problem("to", "audit.to.beforeFrom"));
        }
        FormErrors errors = new FormErrors(found);
        model.addAttribute("errors", errors);
        if (errors.any()) {
            return "console/audit/log";
        }
        AuditPage page;
        try {
            page = api.audit(new AuditQuery(blank(filters.account()), blank(filters.client()), blank(filters.type()),
                    from == null ? null : from.atStartOfDay(UK).toInstant(),
                    to == null ? null : to.plusDays(1).atStartOfDay(UK).toInstant(), blank(filters.before())), PAGE_SIZE);
        } catch (AdminApiError refused) {
            if (!refused.aboutTheInput()) {
                throw refused;
            }
            model.addAttribute("errors", problems.from(refused, FIELDS));
            return "console/audit/log";
        }
        model.addAttribute("entries", page.events().stream().map(event -> AuditEntry.of(event, json)).toList());
        model.addAttribute("next", page.next());
        return "console/audit/log";
    }

    private LocalDate date(String text, String field, List<FormErrors.Problem> found) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            found.add(problems.problem(field, "audit.date.invalid"));
            return null;
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
