package uk.civicid.broker.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.store.memory.MemoryAuditLog;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.config.CivicIdProperties.LocalisedText;
import uk.civicid.broker.config.CivicIdProperties.SubjectType;
import uk.civicid.broker.session.BrokerAuthentication;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.session.BrokerSession;
import uk.civicid.broker.session.BrokerSessions;
import uk.civicid.broker.store.memory.MemoryBrokerSessionRepository;

/** The broker's claims in the tokens it issues, without Spring's context: sub, sid, auth_time, acr, amr, RFC 9068 access tokens. */
@Tag("unit")
class BrokerClaimsTest {

    static final Instant SIGNED_IN = Instant.parse("2026-12-07T11:55:00Z");
    static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final MemoryBrokerSessionRepository repository = new MemoryBrokerSessionRepository(Clock.systemUTC());
    private final BrokerSessions sessions = new BrokerSessions(repository, null, null,
            new Binder(new MapConfigurationPropertySource(Map.of("civicid.issuer", "https://id.council.example"))).bind("civicid",
                    CivicIdProperties.class).get(), Clock.fixed(SIGNED_IN, ZoneOffset.UTC));
    private final MemoryAuditLog auditLog = new MemoryAuditLog(100);
    private final BrokerClaims claims = new BrokerClaims(new PairwiseSubjects(SECRET), sessions, new SimpleMeterRegistry(),
            new IdentityRelease(new Audit(auditLog, Clock.systemUTC(), new SimpleMeterRegistry())));
    private final BrokerAuthentication alice = new BrokerAuthentication(new BrokerPrincipal("account-alice", "session-1", "council",
            "http://eidas.europa.eu/LoA/substantial", List.of("fed", "pwd"), SIGNED_IN));

    static RegisteredClient app(String clientId, SubjectType subjects, String sector) {
        return RegisteredClient.withId(clientId).clientId(clientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri("https://app.example/cb")
                .clientSettings(new ClientPolicy(new LocalisedText(clientId, null), List.of(), null, subjects, sector, false)
                        .writeTo(ClientSettings.builder()).build())
                .tokenSettings(TokenSettings.builder().idTokenSignatureAlgorithm(SignatureAlgorithm.ES256).build())
                .build();
    }

    private record Issued(JwsHeader header, JwtClaimsSet claims) {}

    private Issued issue(RegisteredClient app, Authentication principal, OAuth2TokenType type, AuthorizationGrantType grant) {
        JwsHeader.Builder header = JwsHeader.with(SignatureAlgorithm.RS256);
        JwtClaimsSet.Builder body = JwtClaimsSet.builder().issuer("https://id.council.example").subject("framework-default")
                .issuedAt(SIGNED_IN).expiresAt(SIGNED_IN.plus(Duration.ofMinutes(5)));
        claims.customize(JwtEncodingContext.with(header, body).registeredClient(app).principal(principal).tokenType(type)
                .authorizationGrantType(grant).build());
        return new Issued(header.build(), body.build());
    }

    @Test
    void anIdToken_carriesThePersonsSub_sid_authTime_acrAndAmr_andJoinsTheAppToTheSession() {
        repository.save(new BrokerSession("session-1", "account-alice", SIGNED_IN, Set.of()), Duration.ofMinutes(30));

        Issued idToken = issue(app("tax", SubjectType.PUBLIC, "tax"), alice, new OAuth2TokenType("id_token"), AuthorizationGrantType.AUTHORIZATION_CODE);

        assertThat(idToken.claims().getSubject()).isEqualTo("account-alice");
        assertThat(idToken.claims().<String>getClaim("sid")).isEqualTo("session-1");
        assertThat(idToken.claims().<Date>getClaim("auth_time")).isEqualTo(Date.from(SIGNED_IN));
        assertThat(idToken.claims().<String>getClaim("acr")).isEqualTo("http://eidas.europa.eu/LoA/substantial");
        assertThat(idToken.claims().<List<String>>getClaim("amr")).containsExactly("fed", "pwd");
        assertThat(repository.find("session-1").orElseThrow().participants()).as("back-channel logout will tell it").containsExactly("tax");
    }

    /** RFC 9068 §2.1: typ at+jwt tells an access token from an ID token; signed as the app's ID tokens are; no sid in it. */
    @Test
    void anAccessToken_isTypedAtJwt_namesItsApp_andHasNoSid() {
        Issued accessToken = issue(app("tax", SubjectType.PUBLIC, "tax"), alice, OAuth2TokenType.ACCESS_TOKEN,
                AuthorizationGrantType.AUTHORIZATION_CODE);

        assertThat(accessToken.header().getType()).isEqualTo("at+jwt");
        assertThat(accessToken.header().getAlgorithm()).isEqualTo(SignatureAlgorithm.ES256);
        assertThat(accessToken.claims().<String>getClaim("client_id")).isEqualTo("tax");
        assertThat(accessToken.claims().getSubject()).isEqualTo("account-alice");
        assertThat(accessToken.claims().hasClaim("sid")).isFalse();
    }

    /** OIDC Core §8.1: apps in different sectors get different subs for one person; apps sharing a sector, the same. */
    @Test
    void pairwiseApps_getASubPerSector_thatIsNotTheAccountId() {
        OAuth2TokenType idToken = new OAuth2TokenType("id_token");
        String housing = issue(app("housing", SubjectType.PAIRWISE, "housing"), alice, idToken, AuthorizationGrantType.REFRESH_TOKEN).claims().getSubject();
        String repairs = issue(app("repairs", SubjectType.PAIRWISE, "housing"), alice, idToken, AuthorizationGrantType.REFRESH_TOKEN).claims().getSubject();
        String health = issue(app("health", SubjectType.PAIRWISE, "health"), alice, idToken, AuthorizationGrantType.REFRESH_TOKEN).claims().getSubject();

        assertThat(housing).isEqualTo(repairs).isNotEqualTo(health).doesNotContain("account-alice");
    }

    @Test
    void aRefreshedIdToken_doesNotJoinTheAppAgain() {
        repository.save(new BrokerSession("session-1", "account-alice", SIGNED_IN, Set.of()), Duration.ofMinutes(30));

        issue(app("tax", SubjectType.PUBLIC, "tax"), alice, new OAuth2TokenType("id_token"), AuthorizationGrantType.REFRESH_TOKEN);

        assertThat(repository.find("session-1").orElseThrow().participants()).isEmpty();
    }

    @Test
    void anAppsOwnToken_keepsTheAppAsItsSubject() {
        Issued own = issue(app("reports", SubjectType.PUBLIC, "reports"), new TestingAuthenticationToken("reports", null),
                OAuth2TokenType.ACCESS_TOKEN, AuthorizationGrantType.CLIENT_CREDENTIALS);

        assertThat(own.claims().getSubject()).isEqualTo("framework-default");
        assertThat(own.claims().<String>getClaim("client_id")).isEqualTo("reports");
        assertThat(own.claims().hasClaim("acr")).isFalse();
    }
}
