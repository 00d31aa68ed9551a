package uk.civicid.broker.admin;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * The one failure type of the admin API: an HTTP status, an OAuth-style error code, a description a person can
 * act on, and, for a form that did not validate, what is wrong with each field.
 */
public class AdminProblem extends RuntimeException {

    /** One field that did not validate, named as in the request's JSON. */
    public record FieldError(String field, String message) {}

    private final HttpStatus status;
    private final String error;
    private final List<FieldError> fields;

    public AdminProblem(HttpStatus status, String error, String description, List<FieldError> fields) {
        super(description);
        this.status = status;
        this.error = error;
        this.fields = List.copyOf(fields);
    }

    public static AdminProblem invalid(List<FieldError> fields) {
        return new AdminProblem(HttpStatus.BAD_REQUEST, "invalid_request", "some fields are not valid", fields);
    }

    public static AdminProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static AdminProblem notFound(String what) {
        return new AdminProblem(HttpStatus.NOT_FOUND, "not_found", what + " does not exist", List.of());
    }

    public static AdminProblem forbidden(String why) {
        return new AdminProblem(HttpStatus.FORBIDDEN, "forbidden", why, List.of());
    }

    public static AdminProblem conflict(String why) {
        return new AdminProblem(HttpStatus.CONFLICT, "conflict", why, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    public List<FieldError> fields() {
        return fields;
    }
}
