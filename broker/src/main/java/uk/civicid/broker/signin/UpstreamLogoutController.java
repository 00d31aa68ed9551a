package uk.civicid.broker.signin;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.federation.LogoutTokenIds;
import uk.civicid.broker.federation.LogoutTokenRefused;
import uk.civicid.broker.federation.UpstreamLogout;
import uk.civicid.broker.federation.UpstreamRegistration;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.federation.Upstreams;
import uk.civicid.broker.session.BrokerSessions;

/**
 * An upstream's back-channel logout (OpenID Connect Back-Channel Logout 1.0, the broker as its relying party): one
 * endpoint per upstream, so a token is checked against the keys of the upstream it names. A valid token ends the broker
 * sessions that came from that upstream session, which revokes their tokens and sends back-channel logout to their apps
 * in turn. Answers as §2.8 says: 200 when done (also when no session matched: nothing is left to end), 400 with an OAuth
 * error when the token is refused, and never caches.
 */
@RestController
public class UpstreamLogoutController {

    private static final Logger log = LoggerFactory.getLogger(UpstreamLogoutController.class);

    private final Upstreams upstreams;
    private final LogoutTokenIds used;
    private final BrokerSessions sessions;
    private final Audit audit;
    private final Clock clock;

    public UpstreamLogoutController(Upstreams upstreams, LogoutTokenIds used, BrokerSessions sessions, Audit audit, Clock clock) {
        this.upstreams = upstreams;
        this.used = used;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    @PostMapping(path = UpstreamRegistration.BACKCHANNEL_LOGOUT_PATH + "{upstreamId}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, Object>> logout(@PathVariable String upstreamId,
                                                      @RequestParam(name = "logout_token", required = false) String logoutToken) {
        Upstreams.Upstream upstream = upstreams.find(upstreamId).orElse(null);
        if (upstream == null) {
            // The id is the caller's, not an upstream's: it goes nowhere (log forging).
            return refused(HttpStatus.NOT_FOUND, null, "invalid_request", "no enabled upstream has this id");
        }
        if (logoutToken == null || logoutToken.isBlank()) {
            return refused(HttpStatus.BAD_REQUEST, upstreamId, "invalid_request", "logout_token is required");
        }
        UpstreamLogout logout;
        try {
            logout = upstream.connector().verifyLogoutToken(logoutToken);
        } catch (LogoutTokenRefused e) {
            return refused(HttpStatus.BAD_REQUEST, upstreamId, "invalid_request", e.getMessage());
        } catch (UpstreamSignInException e) { // its keys cannot be read now: the upstream may retry
            return refused(HttpStatus.SERVICE_UNAVAILABLE, upstreamId, "temporarily_unavailable", "the upstream's keys cannot be read");
        }
        Duration keep = Duration.between(clock.instant(), logout.acceptableUntil());
        if (!used.useOnce(upstreamId, logout.jti(), keep.isNegative() ? Duration.ofSeconds(1) : keep)) {
            return refused(HttpStatus.BAD_REQUEST, upstreamId, "invalid_request", "logout token already used (jti)");
        }
        int ended = sessions.endFromUpstream(upstreamId, logout.subject(), logout.sessionId());
        audit.record(AuditEventType.UPSTREAM_LOGOUT, null, null, upstreamId, Map.of("sessions", String.valueOf(ended)));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).build();
    }

    private ResponseEntity<Map<String, Object>> refused(HttpStatus status, String upstreamId, String error, String description) {
        log.warn("event=upstream_logout_refused upstream={} detail=\"{}\"", upstreamId, description);
        audit.record(AuditEventType.UPSTREAM_LOGOUT_REFUSED, null, null, upstreamId, Map.of("reason", description));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
