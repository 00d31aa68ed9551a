package uk.civicid.broker.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.audit.AuditPage;
import uk.civicid.broker.audit.AuditQuery;

/** Audit events, newest first, filtered by person, app, type and time, paged by cursor. */
@RestController
@RequestMapping(AdminApiConfiguration.BASE + "/audit")
public class AuditController {

    static final int MAX_LIMIT = 200;

    private final AuditLog log;

    public AuditController(AuditLog log) {
        this.log = log;
    }

    @GetMapping
    public Map<String, Object> query(AdminCaller caller,
                                     @RequestParam(required = false) String account, @RequestParam(required = false) String client,
                                     @RequestParam(required = false) String type, @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to, @RequestParam(required = false) String before,
                                     @RequestParam(required = false, defaultValue = "50") String limit) {
        caller.requireAdministrator();
        List<AdminProblem.FieldError> errors = new ArrayList<>();
        AuditEventType eventType = null;
        if (type != null && !type.isBlank()) {
            try {
                eventType = AuditEventType.valueOf(type);
            } catch (IllegalArgumentException e) {
                errors.add(new AdminProblem.FieldError("type", "not an audit event type"));
            }
        }
        Instant fromInstant = instant("from", from, errors);
        Instant toInstant = instant("to", to, errors);
        int size = 0;
        try {
            size = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            // reported below
        }
        if (size < 1 || size > MAX_LIMIT) {
            errors.add(new AdminProblem.FieldError("limit", "a number from 1 to " + MAX_LIMIT));
        }
        if (!errors.isEmpty()) {
            throw AdminProblem.invalid(errors);
        }
        AuditPage page;
        try {
            page = log.query(new AuditQuery(blankAsNull(account), blankAsNull(client), eventType, fromInstant, toInstant,
                    blankAsNull(before), size));
        } catch (IllegalArgumentException e) {
            throw AdminProblem.invalid("before", "not a cursor from an earlier page");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page.events().stream().map(entry -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", entry.id());
            event.put("at", entry.event().at().toString());
            event.put("type", entry.event().type().name());
            event.put("account_id", entry.event().accountId());
            event.put("client_id", entry.event().clientId());
            event.put("upstream_id", entry.event().upstreamId());
            event.put("details", entry.event().details());
            return event;
        }).toList());
        body.put("next", page.next());
        return body;
    }

    private static Instant instant(String name, String value, List<AdminProblem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new AdminProblem.FieldError(name, "an instant such as 2026-01-31T09:00:00Z"));
            return null;
        }
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
