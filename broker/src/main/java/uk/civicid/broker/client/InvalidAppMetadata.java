package uk.civicid.broker.client;

import java.util.List;
import java.util.stream.Collectors;

/**
 * App metadata that {@link AppMetadataRules} refused, with what is wrong with each field. {@link #error()} is the
 * RFC 7591 §3.2.2 code: {@code invalid_redirect_uri} when a redirect URI is at fault, else {@code invalid_client_metadata}.
 */
public class InvalidAppMetadata extends RuntimeException {

    /** One field that did not validate, named as in the request's JSON ({@code redirect_uris[0]}). */
    public record FieldError(String field, String message) {}

    private final List<FieldError> fields;

    public InvalidAppMetadata(List<FieldError> fields) {
        super(fields.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")));
        this.fields = List.copyOf(fields);
    }

    public InvalidAppMetadata(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> fields() {
        return fields;
    }

    public String error() {
        return fields.stream().anyMatch(f -> f.field().startsWith("redirect_uris")) ? "invalid_redirect_uri" : "invalid_client_metadata";
    }
}
