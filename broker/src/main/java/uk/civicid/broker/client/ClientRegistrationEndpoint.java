package uk.civicid.broker.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * RFC 7591 dynamic registration with an administrator's initial access token, and RFC 7592 management of the
 * registration with the registration access token it returns. The framework's own registration endpoints are not
 * used: they take the framework's access tokens and offer neither update nor delete.
 */
@RestController
public class ClientRegistrationEndpoint {

    public static final String PATH = "/connect/register";

    private final Apps apps;
    private final String issuer;

    public ClientRegistrationEndpoint(Apps apps, AuthorizationServerSettings settings) {
        this.apps = apps;
        this.issuer = settings.getIssuer();
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> register(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                                 @RequestBody(required = false) String body) {
        Apps.Issued issued = apps.register(bearer(authorization), json(body));
        Map<String, Object> response = describe(issued.app());
        if (issued.clientSecret() != null) {
            response.put("client_secret", issued.clientSecret());
            response.put("client_secret_expires_at", 0); // RFC 7591 §3.2.1: does not expire
        }
        response.put("registration_access_token", issued.registrationAccessToken());
        return noStore(HttpStatus.CREATED, response);
    }

    @GetMapping(path = PATH + "/{clientId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> read(@PathVariable String clientId,
                                             @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return noStore(HttpStatus.OK, describe(apps.byRegistrationToken(clientId, bearer(authorization))));
    }

    @PutMapping(path = PATH + "/{clientId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> update(@PathVariable String clientId,
                                               @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                               @RequestBody(required = false) String body) {
        String token = bearer(authorization);
        apps.byRegistrationToken(clientId, token); // RFC 7592 §2: the token before the body
        return noStore(HttpStatus.OK, describe(apps.replaceByRegistration(clientId, token, json(body))));
    }

    @DeleteMapping(PATH + "/{clientId}")
    ResponseEntity<Void> delete(@PathVariable String clientId,
                                @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        apps.deleteByRegistration(clientId, bearer(authorization));
        return ResponseEntity.noContent().build();
    }

    /** RFC 7591 §3.2.2. */
    @ExceptionHandler(InvalidAppMetadata.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidAppMetadata e) {
        return error(HttpStatus.BAD_REQUEST, e.error(), e.getMessage());
    }

    /** RFC 6750 §3.1 for a bad token; RFC 7592 §2.1: an unknown client is answered as a bad token. */
    @ExceptionHandler(AppChangeRefused.class)
    ResponseEntity<Map<String, Object>> refused(AppChangeRefused e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .cacheControl(CacheControl.noStore())
                .body(Map.of("error", "invalid_token", "error_description", "the access token is unknown, expired, used, or not for this app"));
    }

    private Map<String, Object> describe(RegisteredApp app) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("client_id", app.clientId());
        response.put("client_id_issued_at", app.createdAt().getEpochSecond());
        response.put("registration_client_uri", issuer + PATH + "/" + app.clientId());
        app.metadata().toJson().forEach((name, value) -> {
            if (value != null) {
                response.put(name, value);
            }
        });
        response.put("response_types", app.metadata().responseTypes());
        return response;
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
    }

    private static Map<String, Object> json(String body) {
        try {
            return body == null || body.isBlank() ? Map.of() : JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new InvalidAppMetadata("body", "is not a JSON object");
        }
    }

    private static ResponseEntity<Map<String, Object>> noStore(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(body);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(Map.of("error", error, "error_description", description));
    }
}
