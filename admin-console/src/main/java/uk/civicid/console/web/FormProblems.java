package uk.civicid.console.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import uk.civicid.console.api.AdminApiError;

/**
 * Turns the admin API's refusal of a form into {@link FormErrors}: each API field ({@code redirect_uris[1]}) onto
 * the form's input ({@code redirectUris}, "Line 2: …"); a refusal with no fields is one problem about the whole form.
 * Also makes the console's own checks' messages, in the page's language.
 */
@Component
public class FormProblems {

    private static final Pattern INDEXED = Pattern.compile("^([^\\[]+)\\[(\\d+)](.*)$");

    private final MessageSource messages;

    public FormProblems(MessageSource messages) {
        this.messages = messages;
    }

    /** @param fields API field name (without index) → form input id */
    public FormErrors from(AdminApiError refusal, Map<String, String> fields) {
        List<FormErrors.Problem> problems = new ArrayList<>();
        for (AdminApiError.FieldProblem problem : refusal.fields()) {
            String field = problem.field() == null ? "" : problem.field();
            String message = problem.message() == null ? refusal.description() : problem.message();
            Matcher indexed = INDEXED.matcher(field);
            if (indexed.matches()) {
                field = indexed.group(1);
                message = message(("form.line"), Integer.parseInt(indexed.group(2)) + 1) + " " + message;
            }
            // A part of a field ("display_name.en", "claims.email") belongs to the field's input unless named itself.
            String input = fields.containsKey(field) ? fields.get(field) : fields.get(field.split("[.\\[]", 2)[0]);
            problems.add(new FormErrors.Problem(input, message));
        }
        if (problems.isEmpty()) {
            problems.add(new FormErrors.Problem(null, refusal.description()));
        }
        return new FormErrors(problems);
    }

    public FormErrors.Problem problem(String field, String messageKey) {
        return new FormErrors.Problem(field, message(messageKey));
    }

    private String message(String key, Object... arguments) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(key, arguments, locale);
    }
}
