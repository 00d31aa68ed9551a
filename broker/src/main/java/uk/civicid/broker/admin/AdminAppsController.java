package uk.civicid.broker.admin;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.civicid.broker.client.AppChangeRefused;
import uk.civicid.broker.client.AppMetadata;
import uk.civicid.broker.client.Apps;
import uk.civicid.broker.client.InvalidAppMetadata;

/**
 * The admin API's apps and initial access tokens. Administrators see and change every app; an app team member
 * only the apps they own, and is told 403 for any other client id, whether it exists or not, so nothing about other
 * teams' apps leaks. The work is done by {@link Apps}.
 */
@RestController
@RequestMapping(AdminApiConfiguration.BASE)
public class AdminAppsController {

    static final Duration DEFAULT_INITIAL_ACCESS_TOKEN_LIFE = Duration.ofDays(1);
    static final Duration MIN_INITIAL_ACCESS_TOKEN_LIFE = Duration.ofMinutes(1);

    private final Apps apps;
    private final AdminErrors errors;

    public AdminAppsController(Apps apps, AdminErrors errors) {
        this.apps = apps;
        this.errors = errors;
    }

    @GetMapping("/apps")
    Map<String, Object> list(AdminCaller caller) {
        return Map.of("apps", apps.all().stream().filter(app -> visibleTo(caller, app)).map(AdminAppsController::view).toList());
    }

    @PostMapping("/apps")
    ResponseEntity<Map<String, Object>> create(AdminCaller caller, @RequestBody(required = false) String body) {
        Apps.Issued issued = apps.create(json(body), caller.accountId(), caller.administrator());
        Map<String, Object> response = view(apps.find(issued.app().clientId()).orElseThrow());
        if (issued.clientSecret() != null) {
            response.put("client_secret", issued.clientSecret()); // shown this once; only its hash is kept
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(response);
    }

    @GetMapping("/apps/{clientId}")
    Map<String, Object> read(AdminCaller caller, @PathVariable String clientId) {
        return view(visible(caller, clientId));
    }

    @PutMapping("/apps/{clientId}")
    Map<String, Object> replace(AdminCaller caller, @PathVariable String clientId, @RequestBody(required = false) String body) {
        visible(caller, clientId);
        return view(apps.replace(clientId, json(body), caller.accountId(), caller.administrator()));
    }

    @PostMapping("/apps/{clientId}/secret")
    Map<String, Object> rotateSecret(AdminCaller caller, @PathVariable String clientId) {
        visible(caller, clientId);
        Apps.Issued issued = apps.rotateSecret(clientId, caller.accountId());
        return Map.of("client_id", clientId, "client_secret", issued.clientSecret());
    }

    @PostMapping("/apps/{clientId}/disable")
    Map<String, Object> disable(AdminCaller caller, @PathVariable String clientId) {
        visible(caller, clientId);
        return view(apps.setEnabled(clientId, false, caller.accountId()));
    }

    @PostMapping("/apps/{clientId}/enable")
    Map<String, Object> enable(AdminCaller caller, @PathVariable String clientId) {
        visible(caller, clientId);
        return view(apps.setEnabled(clientId, true, caller.accountId()));
    }

    @PutMapping("/apps/{clientId}/owners")
    Map<String, Object> owners(AdminCaller caller, @PathVariable String clientId, @RequestBody(required = false) String body) {
        caller.requireAdministrator();
        visible(caller, clientId);
        if (!(json(body).get("owners") instanceof List<?> owners) || !owners.stream().allMatch(String.class::isInstance)) {
            throw AdminProblem.invalid("owners", "must be a list of account ids");
        }
        return view(apps.setOwners(clientId, owners.stream().map(String.class::cast).toList(), caller.accountId()));
    }

    @PostMapping("/initial-access-tokens")
    ResponseEntity<Map<String, Object>> issueInitialAccessToken(AdminCaller caller, @RequestBody(required = false) String body) {
        caller.requireAdministrator();
        Object expiresIn = json(body).get("expires_in");
        Duration life = DEFAULT_INITIAL_ACCESS_TOKEN_LIFE;
        if (expiresIn != null) {
            if (!(expiresIn instanceof Long seconds) || seconds < MIN_INITIAL_ACCESS_TOKEN_LIFE.toSeconds()
                    || seconds > Apps.MAX_INITIAL_ACCESS_TOKEN_LIFE.toSeconds()) {
                throw AdminProblem.invalid("expires_in", "must be a whole number of seconds from " + MIN_INITIAL_ACCESS_TOKEN_LIFE.toSeconds()
                        + " to " + Apps.MAX_INITIAL_ACCESS_TOKEN_LIFE.toSeconds());
            }
            life = Duration.ofSeconds(seconds);
        }
        Apps.InitialAccessToken token = apps.issueInitialAccessToken(life, caller.accountId());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("initial_access_token", token.value(), "expires_at", token.expiresAt().toString()));
    }

    @ExceptionHandler(InvalidAppMetadata.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidAppMetadata e) {
        return errors.problem(AdminProblem.invalid(e.fields().stream().map(f -> new AdminProblem.FieldError(f.field(), f.message())).toList()));
    }

    @ExceptionHandler(AppChangeRefused.class)
    ResponseEntity<Map<String, Object>> refused(AppChangeRefused e) {
        return errors.problem(e.reason() == AppChangeRefused.Reason.NOT_FOUND ? AdminProblem.notFound("this app")
                : AdminProblem.conflict(e.getMessage()));
    }

    /** The app, if this caller may see it: 404 to an administrator for an unknown id, 403 to a team member for any app not theirs. */
    private Apps.App visible(AdminCaller caller, String clientId) {
        Apps.App app = apps.find(clientId).orElse(null);
        if (app != null && visibleTo(caller, app)) {
            return app;
        }
        if (caller.administrator()) {
            throw AdminProblem.notFound("this app");
        }
        throw AdminProblem.forbidden("this app is not one of yours");
    }

    private static boolean visibleTo(AdminCaller caller, Apps.App app) {
        return caller.administrator() || app.owners().contains(caller.accountId());
    }

    /** An app as the admin API shows it (see the contract): RFC 7591 names, and CivicID's. */
    static Map<String, Object> view(Apps.App app) {
        AppMetadata m = app.metadata();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("client_id", app.clientId());
        Map<String, Object> metadata = m.toJson();
        view.put("client_name", metadata.remove("client_name"));
        view.put("client_name#cy", metadata.remove("client_name#cy"));
        view.put("source", app.configured() ? "configuration" : "registered");
        view.put("enabled", app.enabled());
        view.putAll(metadata);
        view.put("sector", m.sector() != null ? m.sector() : app.clientId());
        view.put("owners", app.owners());
        view.put("created_at", app.createdAt() == null ? null : app.createdAt().toString());
        view.put("client_id_issued_at", app.createdAt() == null ? null : app.createdAt().getEpochSecond());
        return view;
    }

    private static Map<String, Object> json(String body) {
        try {
            return body == null || body.isBlank() ? Map.of() : JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new AdminProblem(HttpStatus.BAD_REQUEST, "invalid_request", "the request is not a JSON object", List.of());
        }
    }
}
