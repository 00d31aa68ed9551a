package uk.civicid.broker.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.session.BrokerSession;
import uk.civicid.broker.session.BrokerSessionEnded;

/**
 * OIDC Back-Channel Logout 1.0: when a broker session ends, every app that received an ID token for it
 * gets a signed logout token, so signing out once on a shared computer signs out of every app.
 * Apps are notified in parallel; one slow or failing app does not hold up the others.
 */
public class BackChannelLogout {

    private static final Logger log = LoggerFactory.getLogger(BackChannelLogout.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RegisteredClientRepository clients;
    private final JwtEncoder encoder;
    private final HttpClient http;
    private final CivicIdProperties properties;
    private final PairwiseSubjects subjects;
    private final Audit audit;
    private final Clock clock;

    public BackChannelLogout(RegisteredClientRepository clients, JwtEncoder encoder, HttpClient http,
                             CivicIdProperties properties, PairwiseSubjects subjects, Audit audit, Clock clock) {
        this.clients = clients;
        this.encoder = encoder;
        this.http = http;
        this.properties = properties;
        this.subjects = subjects;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener
    public void onSessionEnded(BrokerSessionEnded ended) {
        BrokerSession session = ended.session();
        List<CompletableFuture<Void>> sent = session.participants().stream()
                .map(clients::findByClientId)
                .filter(Objects::nonNull)
                .filter(c -> ClientPolicy.of(c).backchannelLogoutUri() != null)
                .map(c -> notify(c, session))
                .toList();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private CompletableFuture<Void> notify(RegisteredClient client, BrokerSession session) {
        URI target = ClientPolicy.of(client).backchannelLogoutUri();
        String body = "logout_token=" + URLEncoder.encode(logoutToken(client, session), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (error != null || response.statusCode() / 100 != 2) {
                        String outcome = error != null ? error.getClass().getSimpleName() : String.valueOf(response.statusCode());
                        log.warn("event=back_channel_logout_failed client={} outcome={}", client.getClientId(), outcome);
                        audit.record(AuditEventType.BACK_CHANNEL_LOGOUT_FAILED, session.accountId(), client.getClientId(),
                                null, Map.of("outcome", outcome));
                    }
                    return null;
                });
    }

    /** A logout token (§2.4): no nonce, the back-channel event, sid and sub, typed logout+jwt. */
    private String logoutToken(RegisteredClient client, BrokerSession session) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer().toString())
                .subject(subjects.subjectFor(client, session.accountId()))
                .audience(List.of(client.getClientId()))
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofMinutes(2)))
                .id(UUID.randomUUID().toString())
                .claim("sid", session.id())
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type("logout+jwt").build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }
}
