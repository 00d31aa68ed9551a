package uk.civicid.console.api;

import java.util.List;

/**
 * The admin API refused a request, with its JSON error ({@code error}, {@code error_description}, {@code fields}),
 * or could not be reached ({@code status} 503, error {@code temporarily_unavailable}).
 *
 * @param acrValues from the {@code WWW-Authenticate} header of an {@code insufficient_user_authentication}
 *                  answer (RFC 9470): what sign-in the API wants, or null
 */
public final class AdminApiError extends RuntimeException {

    /** A validation error on one field: {@code field} in the API's terms, e.g. {@code redirect_uris[0]}. */
    public record FieldProblem(String field, String message) {}

    private final int status;
    private final String error;
    private final List<FieldProblem> fields;
    private final String acrValues;

    public AdminApiError(int status, String error, String description, List<FieldProblem> fields, String acrValues) {
        super(description);
        this.status = status;
        this.error = error;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
        this.acrValues = acrValues;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public List<FieldProblem> fields() {
        return fields;
    }

    public String acrValues() {
        return acrValues;
    }

    public boolean needsPasskeySignIn() {
        return status == 401 && "insufficient_user_authentication".equals(error);
    }

    /** A problem with what the person entered (400) or a clash with what exists (409): shown on the form. */
    public boolean aboutTheInput() {
        return status == 400 || status == 409;
    }
}
