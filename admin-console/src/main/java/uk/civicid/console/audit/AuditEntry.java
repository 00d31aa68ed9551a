package uk.civicid.console.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import uk.civicid.console.api.AuditEvent;

/**
 * An audit event as the page shows it: for an admin change, what changed as rows of field, before and after (from
 * the {@code before} and {@code after} JSON documents in its details); for other events their details as they are.
 */
record AuditEntry(AuditEvent event, String target, List<Change> changes, Map<String, String> otherDetails) {

    record Change(String field, String before, String after) {}

    static AuditEntry of(AuditEvent event, ObjectMapper json) {
        Map<String, Object> details = event.details() == null ? Map.of() : event.details();
        Map<String, String> before = fields(details.get("before"), json);
        Map<String, String> after = fields(details.get("after"), json);
        Set<String> names = new LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        List<Change> changes = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(before.get(name), after.get(name))) {
                changes.add(new Change(name, before.get(name), after.get(name)));
            }
        }
        Map<String, String> other = new LinkedHashMap<>();
        details.forEach((name, value) -> {
            if (!List.of("target", "before", "after").contains(name)) {
                other.put(name, text(value, json));
            }
        });
        Object target = details.get("target");
        return new AuditEntry(event, target == null ? null : target.toString(), changes, other);
    }

    /** The top-level fields of a JSON object (given as a JSON string or already parsed), each as compact text. */
    private static Map<String, String> fields(Object document, ObjectMapper json) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (document == null) {
            return fields;
        }
        JsonNode node;
        try {
            node = document instanceof String text ? json.readTree(text) : json.valueToTree(document);
        } catch (JacksonException notJson) {
            fields.put("", document.toString());
            return fields;
        }
        if (node == null || node.isNull()) {
            return fields; // "null": nothing before a creation, or after a deletion
        }
        if (!node.isObject()) {
            fields.put("", node == null ? "" : text(node));
            return fields;
        }
        node.properties().forEach(field -> fields.put(field.getKey(), text(field.getValue())));
        return fields;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asString() : node.toString();
    }

    private static String text(Object value, ObjectMapper json) {
        return value instanceof String s ? s : value == null ? "" : json.valueToTree(value).toString();
    }
}
