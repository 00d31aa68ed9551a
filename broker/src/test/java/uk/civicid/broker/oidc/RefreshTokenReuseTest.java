package uk.civicid.broker.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.store.StoredAuthorizations;
import uk.civicid.broker.store.memory.MemoryAuditLog;
import uk.civicid.broker.store.memory.MemoryAuthorizationRecords;

/** RFC 9700 §4.14.2: a rotated-away refresh token presented again revokes the whole grant, and is audited. */
@Tag("unit")
class RefreshTokenReuseTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Its id is its client id, as ConfiguredClients and RegisteredApp make them (the audit records the id). */
    static final RegisteredClient TAX = RegisteredClient.withId("tax").clientId("tax")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .redirectUri("https://tax.council.example/callback").scope("openid").build();

    private final StoredAuthorizations store = new StoredAuthorizations(new MemoryAuthorizationRecords(CLOCK),
            new InMemoryRegisteredClientRepository(TAX), CLOCK);
    private final MemoryAuditLog auditLog = new MemoryAuditLog(100);
    private final RefreshTokenReuse reuse = new RefreshTokenReuse(store, new Audit(auditLog, CLOCK, new SimpleMeterRegistry()));

    static OAuth2Authorization grant(String access, String refresh) {
        return OAuth2Authorization.withRegisteredClient(TAX).id("authz-1").principalName("account-1")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).authorizedScopes(Set.of("openid"))
                .token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, access, NOW, NOW.plus(Duration.ofMinutes(5)), Set.of("openid")))
                .token(new OAuth2RefreshToken(refresh, NOW, NOW.plus(Duration.ofHours(8))))
                .build();
    }

    /** A grant whose first refresh token was used once: the framework saved it with the next pair of tokens. */
    OAuth2Authorization rotated() {
        store.save(grant("access-1", "refresh-1"));
        OAuth2Authorization next = OAuth2Authorization.from(store.findById("authz-1"))
                .token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-2", NOW, NOW.plus(Duration.ofMinutes(5)), Set.of("openid")))
                .token(new OAuth2RefreshToken("refresh-2", NOW, NOW.plus(Duration.ofHours(8))))
                .build();
        store.save(next);
        return next;
    }

    @Test
    void aRetiredRefreshToken_removesTheWholeGrant_andIsAudited() {
        rotated();

        assertThat(reuse.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN)).as("the reused token is not honoured").isNull();

        assertThat(store.findById("authz-1")).as("the grant").isNull();
        assertThat(reuse.findByToken("refresh-2", OAuth2TokenType.REFRESH_TOKEN)).as("the current refresh token").isNull();
        assertThat(reuse.findByToken("access-2", OAuth2TokenType.ACCESS_TOKEN)).as("the current access token").isNull();
        assertThat(auditLog.recent(10)).containsExactly(
                new AuditEvent(NOW, AuditEventType.REFRESH_TOKEN_REUSED, "account-1", "tax", null, Map.of()));
    }

    @Test
    void aRetiredRefreshToken_presentedAgain_afterTheGrantIsGone_auditsNothingMore() {
        rotated();
        reuse.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);
        assertThat(reuse.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN)).isNull();
        assertThat(auditLog.recent(10)).hasSize(1);
    }

    @Test
    void theCurrentRefreshToken_isFound_andNothingIsAudited() {
        OAuth2Authorization current = rotated();

        OAuth2Authorization found = reuse.findByToken("refresh-2", OAuth2TokenType.REFRESH_TOKEN);

        assertThat(found.getId()).isEqualTo("authz-1");
        assertThat(found.getRefreshToken().getToken().getTokenValue()).isEqualTo(current.getRefreshToken().getToken().getTokenValue());
        assertThat(store.findById("authz-1")).as("the grant is kept").isNotNull();
        assertThat(auditLog.recent(10)).isEmpty();
    }

    @Test
    void anUnknownRefreshToken_findsNothing_andAuditsNothing() {
        rotated();
        assertThat(reuse.findByToken("refresh-never-issued", OAuth2TokenType.REFRESH_TOKEN)).isNull();
        assertThat(store.findById("authz-1")).isNotNull();
        assertThat(auditLog.recent(10)).isEmpty();
    }

    /** Only a refresh token presented as one is a reuse: another type of lookup is the store's answer unchanged. */
    @Test
    void aRetiredRefreshToken_lookedUpAsAnotherType_isNotTakenForAReuse() {
        rotated();
        assertThat(reuse.findByToken("refresh-1", OAuth2TokenType.ACCESS_TOKEN)).isNull();
        assertThat(store.findById("authz-1")).isNotNull();
        assertThat(auditLog.recent(10)).isEmpty();
    }
}
