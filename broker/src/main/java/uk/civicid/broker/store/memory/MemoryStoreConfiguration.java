package uk.civicid.broker.store.memory;

import uk.civicid.broker.federation.UpstreamClientKeyStore;
import uk.civicid.broker.federation.LogoutTokenIds;
import uk.civicid.broker.store.StoredAuthorizations;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.webauthn.management.MapPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.MapUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.client.AppRepository;
import uk.civicid.broker.client.ClientAssertionIds;
import uk.civicid.broker.client.InitialAccessTokenRepository;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.SignInTransactionStore;
import uk.civicid.broker.federation.UpstreamRepository;
import uk.civicid.broker.keys.SigningKeyRepository;
import uk.civicid.broker.session.BrokerSessionRepository;
import uk.civicid.broker.store.StoreSelection;

/**
 * The in-memory store: the default for one node with no set-up. Everything is lost on restart and not
 * shared between nodes; production uses the Redis store.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(StoreSelection.NoRedisConfigured.class)
@EnableSpringHttpSession
@EnableScheduling
public class MemoryStoreConfiguration {

    private final Map<String, Session> browserSessions = new ConcurrentHashMap<>();

    @Bean
    MapSessionRepository sessionRepository(CivicIdProperties properties) {
        MapSessionRepository repository = new MapSessionRepository(browserSessions);
        repository.setDefaultMaxInactiveInterval(properties.sessions().idleTimeout());
        return repository;
    }

    /** MapSessionRepository only drops an expired session when it is asked for again; this sweeps the rest. */
    @Scheduled(fixedDelay = 60_000)
    void sweepExpiredBrowserSessions() {
        browserSessions.values().removeIf(Session::isExpired);
    }

    @Bean
    AppRepository appRepository() {
        return new MemoryAppRepository();
    }

    @Bean
    InitialAccessTokenRepository initialAccessTokenRepository(Clock clock) {
        return new MemoryInitialAccessTokenRepository(clock);
    }

    @Bean
    ClientAssertionIds clientAssertionIds(Clock clock) {
        return new MemoryClientAssertionIds(clock);
    }

    @Bean
    LogoutTokenIds logoutTokenIds(Clock clock) {
        return new MemoryLogoutTokenIds(clock);
    }

    @Bean
    StoredAuthorizations storedAuthorizations(Clock clock, RegisteredClientRepository clients) {
        return new StoredAuthorizations(new MemoryAuthorizationRecords(clock), clients, clock);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService() {
        return new InMemoryOAuth2AuthorizationConsentService();
    }

    @Bean
    AccountRepository accountRepository() {
        return new MemoryAccountRepository();
    }

    @Bean
    SignInTransactionStore signInTransactionStore(Clock clock) {
        return new MemorySignInTransactionStore(clock);
    }

    @Bean
    BrokerSessionRepository brokerSessionRepository(Clock clock) {
        return new MemoryBrokerSessionRepository(clock);
    }

    @Bean
    SigningKeyRepository signingKeyRepository() {
        return new MemorySigningKeyRepository();
    }

    @Bean
    UpstreamClientKeyStore upstreamClientKeyStore() {
        return new UpstreamClientKeyStore(new MemorySigningKeyRepository());
    }

    /** Passkeys (behind the rules in PasskeyCredentials). */
    @Bean
    UserCredentialRepository storedPasskeys() {
        return new MapUserCredentialRepository();
    }

    @Bean
    PublicKeyCredentialUserEntityRepository passkeyUsers() {
        return new MapPublicKeyCredentialUserEntityRepository();
    }

    @Bean
    UpstreamRepository upstreamRepository() {
        return new MemoryUpstreamRepository();
    }

    @Bean
    AuditLog auditLog(CivicIdProperties properties) {
        return new MemoryAuditLog(properties.store().auditRetention());
    }
}
