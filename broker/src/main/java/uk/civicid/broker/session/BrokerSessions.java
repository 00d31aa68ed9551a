package uk.civicid.broker.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import uk.civicid.broker.identity.IdentityCheck;
import uk.civicid.broker.identity.NhsPatient;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import uk.civicid.broker.config.CivicIdProperties;

/** Starts and ends single sign-on sessions; the only place that writes the broker's security context. */
@Component
public class BrokerSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final BrokerSessionRepository repository;
    private final SecurityContextRepository contexts;
    private final ApplicationEventPublisher events;
    private final CivicIdProperties.Sessions settings;
    private final Clock clock;

    public BrokerSessions(BrokerSessionRepository repository, SecurityContextRepository contexts,
                          ApplicationEventPublisher events, CivicIdProperties properties, Clock clock) {
        this.repository = repository;
        this.contexts = contexts;
        this.events = events;
        this.settings = properties.sessions();
        this.clock = clock;
    }

    /** The person signed in to this browser, if any. */
    public static Optional<BrokerPrincipal> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof BrokerAuthentication broker ? Optional.of(broker.getPrincipal()) : Optional.empty();
    }

    /**
     * Signs a person in to this browser. The same person signing in again keeps their session (and its
     * apps); a different person ends the previous one first, so its apps are signed out too.
     *
     * @param upstreamSession the upstream session signed in through, or null (a passkey sign-in)
     * @param identity        the identity check of this sign-in, or null when none was asked for
     * @param nhs             what NHS login traced of the person at this sign-in, or null
     * @param roles           the broker roles the upstream gave at this sign-in (empty when none)
     */
    public BrokerPrincipal signIn(HttpServletRequest request, HttpServletResponse response, String accountId,
                                  String upstreamId, String acr, List<String> amr, UpstreamSession upstreamSession, IdentityCheck identity,
                                  NhsPatient nhs, List<String> roles) {
        Optional<BrokerPrincipal> previous = current();
        String sessionId = previous
                .filter(p -> p.accountId().equals(accountId) && repository.find(p.sessionId()).isPresent())
                .map(BrokerPrincipal::sessionId)
                .orElse(null);
        if (sessionId == null) {
            previous.ifPresent(p -> end(p.sessionId()));
            sessionId = randomId();
            repository.save(new BrokerSession(sessionId, accountId, clock.instant(), Set.of(),
                    upstreamSession == null ? Set.of() : Set.of(upstreamSession)), settings.maxLifetime());
        } else if (upstreamSession != null) {
            repository.addUpstreamSession(sessionId, upstreamSession, settings.maxLifetime());
        }
        BrokerPrincipal principal = new BrokerPrincipal(accountId, sessionId, upstreamId, acr, amr, clock.instant(), identity, nhs,
                roles);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new BrokerAuthentication(principal));
        SecurityContextHolder.setContext(context);
        request.getSession(); // a session must exist for changeSessionId
        request.changeSessionId(); // session fixation: a new id at every sign-in
        contexts.saveContext(context, request, response);
        return principal;
    }

    /** Whether the broker session behind a browser's principal is still live (not ended elsewhere). */
    public boolean isLive(BrokerPrincipal principal) {
        return repository.find(principal.sessionId()).isPresent();
    }

    /**
     * Forgets this browser's sign-in when its broker session has ended elsewhere (its lifetime, sign-out at
     * another node, an administrator). The rest of the HTTP session stays: a saved authorization request or a
     * sign-in under way resumes after the person signs in again.
     */
    public void forgetIfEnded(HttpServletRequest request, HttpServletResponse response) {
        if (current().filter(p -> !isLive(p)).isPresent()) {
            SecurityContext empty = SecurityContextHolder.createEmptyContext();
            SecurityContextHolder.setContext(empty);
            contexts.saveContext(empty, request, response);
        }
    }

    public void addParticipant(String sessionId, String clientId) {
        repository.addParticipant(sessionId, clientId, settings.maxLifetime());
    }

    /** Ends a broker session everywhere: listeners notify its apps. Ending one twice does nothing (and answers false). */
    public boolean end(String sessionId) {
        Optional<BrokerSession> ended = repository.remove(sessionId);
        ended.ifPresent(session -> events.publishEvent(new BrokerSessionEnded(session)));
        return ended.isPresent();
    }

    /**
     * Ends the broker sessions that came from an upstream session (by {@code sid} and/or {@code sub}), on every node;
     * returns how many were live.
     */
    public int endFromUpstream(String upstreamId, String subject, String sid) {
        return (int) repository.findByUpstreamSession(upstreamId, subject, sid).stream()
                .filter(session -> session.upstreamSessions().stream().anyMatch(u -> u.matches(upstreamId, subject, sid)))
                .filter(session -> end(session.id())).count();
    }

    /** Ends every broker session of a person, in every browser and on every node; returns how many were live. */
    public int endAll(String accountId) {
        return (int) repository.findByAccount(accountId).stream().filter(session -> end(session.id())).count();
    }

    public static String randomId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
