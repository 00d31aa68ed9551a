package uk.civicid.broker.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import uk.civicid.broker.config.CivicIdProperties;

/**
 * The admin API's errors as JSON: {@code {"error", "error_description", "fields": [{field, message}]}}. A body that
 * is not JSON of the expected shape is a 400 like any other invalid request, never a stack trace.
 */
@RestControllerAdvice(basePackageClasses = AdminErrors.class)
public class AdminErrors {

    /** The acr a passkey sign-in gives: what the console asks for to step the person up (RFC 9470 §3). */
    private final String passkeyAcr;

    public AdminErrors(CivicIdProperties properties) {
        this.passkeyAcr = properties.passkeys().acr();
    }

    @ExceptionHandler(AdminProblem.class)
    ResponseEntity<Map<String, Object>> problem(AdminProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", problem.error());
        body.put("error_description", problem.getMessage());
        if (!problem.fields().isEmpty()) {
            body.put("fields", problem.fields());
        }
        return ResponseEntity.status(problem.status()).body(body);
    }

    @ExceptionHandler(AdminAccess.InsufficientUserAuthentication.class)
    ResponseEntity<Map<String, Object>> insufficientUserAuthentication(AdminAccess.InsufficientUserAuthentication e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_user_authentication\", error_description=\""
                        + e.getMessage() + "\", acr_values=\"" + passkeyAcr + "\"")
                .body(Map.of("error", "insufficient_user_authentication", "error_description", e.getMessage()));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, Object>> unreadable(Exception e) {
        return problem(new AdminProblem(HttpStatus.BAD_REQUEST, "invalid_request", "the request is not JSON of the expected shape",
                java.util.List.of()));
    }
}
