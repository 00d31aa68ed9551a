package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import uk.civicid.broker.client.AppMetadata;
import uk.civicid.broker.client.AppRepository;
import uk.civicid.broker.client.ClientAssertionIds;
import uk.civicid.broker.client.ClientCatalogue;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.client.InitialAccessTokenRepository;
import uk.civicid.broker.client.RegisteredApp;
import uk.civicid.broker.config.CivicIdProperties.LocalisedText;
import uk.civicid.broker.config.CivicIdProperties.SubjectType;
import uk.civicid.broker.store.memory.MemoryAppRepository;
import uk.civicid.broker.store.memory.MemoryClientAssertionIds;
import uk.civicid.broker.store.memory.MemoryInitialAccessTokenRepository;
import uk.civicid.broker.store.redis.RedisAppRepository;
import uk.civicid.broker.store.redis.RedisClientAssertionIds;
import uk.civicid.broker.store.redis.RedisInitialAccessTokenRepository;
import uk.civicid.broker.store.redis.RedisKeys;
import uk.civicid.broker.testsupport.RedisStores;

/** What every store of registered apps and initial access tokens must do. */
abstract class AppRepositoryContract {

    abstract AppRepository apps();

    abstract InitialAccessTokenRepository initialAccessTokens();

    abstract ClientAssertionIds assertionIds();

    static RegisteredApp app(String clientId) {
        AppMetadata metadata = new AppMetadata(new LocalisedText("Council Tax", "Treth Gyngor"), List.of("https://tax.council.example/cb"),
                List.of("https://tax.council.example/"), "https://tax.council.example/bcl", List.of("authorization_code", "refresh_token"),
                "client_secret_basic", null, null, List.of("openid", "profile"), SubjectType.PAIRWISE, null, List.of("council"), true);
        return new RegisteredApp(clientId, metadata, "{bcrypt}hash", List.of("account-1"), true, "token-hash",
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void anApp_comesBackAsSaved_andIsListed() {
        AppRepository apps = apps();
        RegisteredApp saved = app("tax-" + UUID.randomUUID());
        assertThat(apps.create(saved)).isTrue();
        assertThat(apps.find(saved.clientId())).contains(saved);
        assertThat(apps.findAll()).contains(saved);
        assertThat(apps.find("nobody")).isEmpty();
    }

    @Test
    void aTakenClientId_isRefused_andTheFirstAppKept() {
        AppRepository apps = apps();
        RegisteredApp first = app("tax-" + UUID.randomUUID());
        assertThat(apps.create(first)).isTrue();
        assertThat(apps.create(first.withOwners(List.of("intruder")))).isFalse();
        assertThat(apps.find(first.clientId())).contains(first);
    }

    /** Compare-and-set: changes racing for one app are all applied, none lost. */
    @Test
    void concurrentChanges_areAllApplied() throws Exception {
        AppRepository apps = apps();
        RegisteredApp app = app("tax-" + UUID.randomUUID()).withOwners(List.of());
        apps.create(app);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> changes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String owner = "owner-" + i;
                changes.add(pool.submit(() -> apps.update(app.clientId(), a -> {
                    List<String> owners = new ArrayList<>(a.owners());
                    owners.add(owner);
                    return a.withOwners(owners);
                })));
            }
            for (Future<?> change : changes) {
                change.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(apps.find(app.clientId()).orElseThrow().owners()).hasSize(16);
        assertThat(apps.update("nobody", a -> a)).isEmpty();
    }

    @Test
    void aDeletedApp_isGone() {
        AppRepository apps = apps();
        RegisteredApp app = app("tax-" + UUID.randomUUID());
        apps.create(app);
        assertThat(apps.delete(app.clientId())).isTrue();
        assertThat(apps.find(app.clientId())).isEmpty();
        assertThat(apps.findAll()).noneMatch(a -> a.clientId().equals(app.clientId()));
        assertThat(apps.delete(app.clientId())).isFalse();
    }

    /** What the authorization server gets: the app with its policy; nothing once disabled; configured apps always win. */
    @Test
    void theCatalogue_givesEnabledAppsToTheAuthorizationServer_andConfiguredAppsWin() {
        AppRepository apps = apps();
        RegisteredApp app = app("tax-" + UUID.randomUUID());
        apps.create(app);
        ClientCatalogue catalogue = new ClientCatalogue(List.of(AuthorizationServiceContract.CLIENT), apps, AuthorizationServiceContract.TOKENS);
        RegisteredClient client = catalogue.findByClientId(app.clientId());
        assertThat(client.getClientSecret()).isEqualTo("{bcrypt}hash");
        assertThat(client.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(client.getAuthorizationGrantTypes()).containsExactlyInAnyOrder(AuthorizationGrantType.AUTHORIZATION_CODE,
                AuthorizationGrantType.REFRESH_TOKEN);
        assertThat(client.getRedirectUris()).containsExactly("https://tax.council.example/cb");
        ClientPolicy policy = ClientPolicy.of(client);
        assertThat(policy.subjectType()).isEqualTo(SubjectType.PAIRWISE);
        assertThat(policy.sector()).isEqualTo(app.clientId());
        assertThat(policy.requirePasskey()).isTrue();
        assertThat(policy.acceptedUpstreams()).containsExactly("council");
        assertThat(client.getTokenSettings().isReuseRefreshTokens()).isFalse();
        assertThat(catalogue.findById(app.clientId())).isNotNull();

        apps.update(app.clientId(), a -> a.withEnabled(false));
        assertThat(catalogue.findByClientId(app.clientId())).isNull();
        assertThat(catalogue.findById(app.clientId())).isNull();

        apps.create(app("tax"));
        assertThat(catalogue.findByClientId("tax").getClientSecret()).isEqualTo(AuthorizationServiceContract.CLIENT.getClientSecret());
    }

    @Test
    void anInitialAccessToken_isFoundWhileLive_andUsedOnce() {
        InitialAccessTokenRepository tokens = initialAccessTokens();
        String token = "iat-" + UUID.randomUUID();
        tokens.save(token, "admin-1", Duration.ofMinutes(5));
        assertThat(tokens.find(token)).contains("admin-1");
        assertThat(tokens.find("iat-unknown")).isEmpty();
        assertThat(tokens.consume(token)).contains("admin-1");
        assertThat(tokens.consume(token)).isEmpty();
        assertThat(tokens.find(token)).isEmpty();
    }

    @Test
    void anInitialAccessToken_expires() throws Exception {
        InitialAccessTokenRepository tokens = initialAccessTokens();
        String token = "iat-" + UUID.randomUUID();
        tokens.save(token, "admin-1", Duration.ofSeconds(1));
        Thread.sleep(1300);
        assertThat(tokens.find(token)).isEmpty();
        assertThat(tokens.consume(token)).isEmpty();
    }

    @Test
    void aClientAssertionId_isUsedOnce_perApp_untilItExpires() throws Exception {
        ClientAssertionIds ids = assertionIds();
        String jti = "jti-" + UUID.randomUUID();
        assertThat(ids.useOnce("tax", jti, Duration.ofSeconds(1))).isTrue();
        assertThat(ids.useOnce("tax", jti, Duration.ofSeconds(1))).isFalse();
        assertThat(ids.useOnce("bins", jti, Duration.ofSeconds(1))).isTrue(); // another app's assertion
        Thread.sleep(1300);
        assertThat(ids.useOnce("tax", jti, Duration.ofSeconds(1))).isTrue();
    }
}

class MemoryAppRepositoryTest extends AppRepositoryContract {

    private final MemoryInitialAccessTokenRepository tokens = new MemoryInitialAccessTokenRepository(Clock.systemUTC());
    private final MemoryClientAssertionIds assertionIds = new MemoryClientAssertionIds(Clock.systemUTC());

    @Override
    AppRepository apps() {
        return new MemoryAppRepository();
    }

    @Override
    InitialAccessTokenRepository initialAccessTokens() {
        return tokens;
    }

    @Override
    ClientAssertionIds assertionIds() {
        return assertionIds;
    }
}

class RedisAppRepositoryTest extends AppRepositoryContract {

    private final RedisKeys keys = RedisStores.freshKeys();

    @Override
    AppRepository apps() {
        return new RedisAppRepository(RedisStores.template(), keys, RedisStores.json());
    }

    @Override
    InitialAccessTokenRepository initialAccessTokens() {
        return new RedisInitialAccessTokenRepository(RedisStores.template(), keys);
    }

    @Override
    ClientAssertionIds assertionIds() {
        return new RedisClientAssertionIds(RedisStores.template(), keys);
    }

    /** Token values are secrets: only their hashes may name keys, and nothing stored holds them. */
    @Test
    void anInitialAccessToken_isKeptAsAHashOnly() {
        String token = "iat-" + UUID.randomUUID();
        initialAccessTokens().save(token, "admin-1", Duration.ofMinutes(5));
        assertThat(RedisStores.template().keys(keys.prefix() + "*")).isNotEmpty().noneMatch(key -> key.contains(token));
    }
}
