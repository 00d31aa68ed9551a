package uk.civicid.broker.oidc;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.session.BrokerAuthentication;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.session.BrokerSessions;

/**
 * The broker's claims in ID and access tokens: the app's (possibly pairwise) {@code sub}, {@code sid} of
 * the broker session, {@code auth_time}, {@code acr}, {@code amr}; access tokens in the RFC 9068 profile.
 * Issuing an ID token for a session makes the app a participant that back-channel logout will notify.
 */
public class BrokerClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final PairwiseSubjects subjects;
    private final BrokerSessions sessions;
    private final MeterRegistry meters;
    private final IdentityRelease identities;

    public BrokerClaims(PairwiseSubjects subjects, BrokerSessions sessions, MeterRegistry meters, IdentityRelease identities) {
        this.subjects = subjects;
        this.sessions = sessions;
        this.meters = meters;
        this.identities = identities;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        meters.counter("civicid.tokens.issued", "grant", context.getAuthorizationGrantType().getValue(),
                "type", context.getTokenType().getValue()).increment();
        String clientId = context.getRegisteredClient().getClientId();
        if (accessToken) {
            // RFC 9068 §2.1: the typ header tells an access token from an ID token. Signed like the app's ID tokens
            // (the framework's own per-app setting, RS256 unless the app chose otherwise).
            context.getJwsHeader().type("at+jwt")
                    .algorithm(context.getRegisteredClient().getTokenSettings().getIdTokenSignatureAlgorithm());
            context.getClaims().claim("client_id", clientId);
            List<String> resourceServers = ClientPolicy.of(context.getRegisteredClient()).resourceServers();
            if (!resourceServers.isEmpty()) { // the APIs the app calls with it, each of which may then introspect it
                context.getClaims().audience(Stream.concat(Stream.of(clientId), resourceServers.stream()).toList());
            }
        }
        if (!(context.getPrincipal() instanceof BrokerAuthentication authentication)) {
            return; // client_credentials: the app itself is the subject
        }
        BrokerPrincipal person = authentication.getPrincipal();
        context.getClaims()
                .subject(subjects.subjectFor(context.getRegisteredClient(), person.accountId()))
                .claim("auth_time", Date.from(person.authTime()))
                .claim("acr", person.acr())
                .claim("amr", person.amr());
        if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            context.getClaims().claim("sid", person.sessionId());
            identities.release(person, context.getAuthorizedScopes(), clientId, "id_token").forEach(context.getClaims()::claim);
            if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
                sessions.addParticipant(person.sessionId(), clientId);
            }
        }
    }
}
