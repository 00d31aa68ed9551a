package uk.civicid.console.web;

import java.util.List;

/**
 * What is wrong with a form: each problem names the form field it is about (its input's id, for the error
 * summary's link and the message next to the input), or none when it is about the whole form.
 */
public record FormErrors(List<Problem> problems) {

    public record Problem(String field, String message) {}

    public static FormErrors none() {
        return new FormErrors(List.of());
    }

    public boolean any() {
        return !problems.isEmpty();
    }

    public boolean has(String field) {
        return problems.stream().anyMatch(p -> field.equals(p.field()));
    }

    public List<String> of(String field) {
        return problems.stream().filter(p -> field.equals(p.field())).map(Problem::message).toList();
    }

    /** The ids of an input's hint and error message, for its aria-describedby; null when it has neither. */
    public String describedBy(String field, boolean hasHint) {
        String ids = ((hasHint ? field + "-hint " : "") + (has(field) ? field + "-error" : "")).strip();
        return ids.isEmpty() ? null : ids;
    }
}
