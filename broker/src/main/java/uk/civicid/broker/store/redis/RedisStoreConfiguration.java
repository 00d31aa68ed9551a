package uk.civicid.broker.store.redis;

import uk.civicid.broker.federation.UpstreamClientKeyStore;
import uk.civicid.broker.federation.LogoutTokenIds;
import uk.civicid.broker.store.StoredAuthorizations;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import tools.jackson.databind.json.JsonMapper;
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
 * The Redis store: every node keeps nothing of its own, so any number of nodes can share one Redis
 * (standalone, Sentinel or Cluster; connection, TLS and ACL through Spring Boot's {@code spring.data.redis.*}).
 * Keys are listed in {@link RedisKeys}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(StoreSelection.RedisConfigured.class)
@EnableSpringHttpSession
public class RedisStoreConfiguration {

    private final JsonMapper json = JsonMapper.builder().build();

    /** Every Redis repository needs the keys, so the availability check runs before any of them is used. */
    @Bean
    RedisKeys redisKeys(CivicIdProperties properties, RedisAvailability availability) {
        return new RedisKeys(properties.store().keyPrefix());
    }

    /** Refuses to start, with a message that says why, when Redis is configured but cannot be reached. */
    @Bean
    RedisAvailability redisHealthIndicator(RedisConnectionFactory connections) {
        RedisAvailability availability = new RedisAvailability(connections);
        availability.requireAtStartUp();
        return availability;
    }

    /** Browser sessions, expiring after the idle timeout. Values are Java-serialized by Spring Session. */
    @Bean
    RedisSessionRepository sessionRepository(RedisConnectionFactory connections, RedisKeys keys, CivicIdProperties properties) {
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.afterPropertiesSet();
        RedisSessionRepository repository = new RedisSessionRepository(template);
        repository.setRedisKeyNamespace(keys.browserSessionNamespace());
        repository.setDefaultMaxInactiveInterval(properties.sessions().idleTimeout());
        return repository;
    }

    @Bean
    AppRepository appRepository(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisAppRepository(redis, keys, json);
    }

    @Bean
    InitialAccessTokenRepository initialAccessTokenRepository(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisInitialAccessTokenRepository(redis, keys);
    }

    @Bean
    ClientAssertionIds clientAssertionIds(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisClientAssertionIds(redis, keys);
    }

    @Bean
    LogoutTokenIds logoutTokenIds(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisLogoutTokenIds(redis, keys);
    }

    @Bean
    StoredAuthorizations storedAuthorizations(StringRedisTemplate redis, RedisKeys keys, RegisteredClientRepository clients,
                                              Clock clock) {
        return new StoredAuthorizations(new RedisAuthorizationRecords(redis, keys, clients, json), clients, clock);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisAuthorizationConsentService(redis, keys, json);
    }

    @Bean
    AccountRepository accountRepository(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisAccountRepository(redis, keys, json);
    }

    @Bean
    SignInTransactionStore signInTransactionStore(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisSignInTransactionStore(redis, keys, json);
    }

    @Bean
    BrokerSessionRepository brokerSessionRepository(StringRedisTemplate redis, RedisKeys keys, Clock clock) {
        return new RedisBrokerSessionRepository(redis, keys, clock);
    }

    @Bean
    SigningKeyRepository signingKeyRepository(StringRedisTemplate redis, RedisKeys keys, CivicIdProperties properties) {
        return new RedisSigningKeyRepository(redis, keys.signingKeys(), json, new KeyEncryption(properties.store().keyEncryptionKey()));
    }

    @Bean
    UpstreamClientKeyStore upstreamClientKeyStore(StringRedisTemplate redis, RedisKeys keys, CivicIdProperties properties) {
        return new UpstreamClientKeyStore(new RedisSigningKeyRepository(redis, keys.upstreamClientKeys(), json,
                new KeyEncryption(properties.store().keyEncryptionKey())));
    }

    /** Passkeys (behind the rules in PasskeyCredentials). */
    @Bean
    UserCredentialRepository storedPasskeys(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisPasskeyRepository(redis, keys, json);
    }

    @Bean
    PublicKeyCredentialUserEntityRepository passkeyUsers(StringRedisTemplate redis, RedisKeys keys) {
        return new RedisPasskeyUserRepository(redis, keys, json);
    }

    @Bean
    UpstreamRepository upstreamRepository(StringRedisTemplate redis, RedisKeys keys, CivicIdProperties properties) {
        return new RedisUpstreamRepository(redis, keys, json, new KeyEncryption(properties.store().keyEncryptionKey()));
    }

    @Bean
    AuditLog auditLog(StringRedisTemplate redis, RedisKeys keys, CivicIdProperties properties) {
        return new RedisAuditLog(redis, keys, json, properties.store().auditRetention());
    }
}
