package uk.civicid.broker.store.redis;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.client.ClientPolicy;

/**
 * Registered apps as JSON, found by id or by client id. The framework's settings go through Spring Security's
 * Jackson 3 modules; CivicID's own policy is stored as a plain value beside them.
 */
public class RedisRegisteredClientRepository implements RegisteredClientRepository {

    record Stored(String id, String clientId, Instant clientIdIssuedAt, String clientSecret, Instant clientSecretExpiresAt,
                  String clientName, Set<String> authenticationMethods, Set<String> grantTypes, Set<String> redirectUris,
                  Set<String> postLogoutRedirectUris, Set<String> scopes, ClientPolicy policy, String clientSettings,
                  String tokenSettings) {}

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper plain;
    private final JsonMapper framework = JsonMapper.builder()
            .addModules(SecurityJacksonModules.getModules(RedisRegisteredClientRepository.class.getClassLoader())).build();

    public RedisRegisteredClientRepository(StringRedisTemplate redis, RedisKeys keys, JsonMapper plain) {
        this.redis = redis;
        this.keys = keys;
        this.plain = plain;
    }

    @Override
    public void save(RegisteredClient client) {
        String existing = redis.opsForValue().get(keys.clientByClientId(client.getClientId()));
        if (existing != null && !existing.equals(client.getId())) {
            throw new IllegalArgumentException("client id " + client.getClientId() + " is registered already");
        }
        redis.opsForValue().set(keys.client(client.getId()), write(client));
        redis.opsForValue().set(keys.clientByClientId(client.getClientId()), client.getId());
    }

    @Override
    public RegisteredClient findById(String id) {
        String stored = redis.opsForValue().get(keys.client(id));
        return stored == null ? null : read(stored);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        String id = redis.opsForValue().get(keys.clientByClientId(clientId));
        RegisteredClient client = id == null ? null : findById(id);
        return client != null && client.getClientId().equals(clientId) ? client : null;
    }

    private String write(RegisteredClient client) {
        Map<String, Object> clientSettings = new HashMap<>(client.getClientSettings().getSettings());
        clientSettings.values().removeIf(ClientPolicy.class::isInstance);
        return plain.writeValueAsString(new Stored(client.getId(), client.getClientId(), client.getClientIdIssuedAt(),
                client.getClientSecret(), client.getClientSecretExpiresAt(), client.getClientName(),
                values(client.getClientAuthenticationMethods().stream().map(ClientAuthenticationMethod::getValue)),
                values(client.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue)),
                client.getRedirectUris(), client.getPostLogoutRedirectUris(), client.getScopes(), ClientPolicy.of(client),
                framework.writeValueAsString(AuthorizationJson.allowedCollections(clientSettings)),
                framework.writeValueAsString(AuthorizationJson.allowedCollections(client.getTokenSettings().getSettings()))));
    }

    private RegisteredClient read(String json) {
        Stored s = plain.readValue(json, Stored.class);
        ClientSettings.Builder clientSettings = ClientSettings.withSettings(framework.readValue(s.clientSettings(), MAP));
        return RegisteredClient.withId(s.id())
                .clientId(s.clientId())
                .clientIdIssuedAt(s.clientIdIssuedAt())
                .clientSecret(s.clientSecret())
                .clientSecretExpiresAt(s.clientSecretExpiresAt())
                .clientName(s.clientName())
                .clientAuthenticationMethods(m -> s.authenticationMethods().forEach(v -> m.add(new ClientAuthenticationMethod(v))))
                .authorizationGrantTypes(g -> s.grantTypes().forEach(v -> g.add(new AuthorizationGrantType(v))))
                .redirectUris(u -> u.addAll(s.redirectUris()))
                .postLogoutRedirectUris(u -> u.addAll(s.postLogoutRedirectUris()))
                .scopes(scopes -> scopes.addAll(s.scopes()))
                .clientSettings(s.policy().writeTo(clientSettings).build())
                .tokenSettings(TokenSettings.withSettings(framework.readValue(s.tokenSettings(), MAP)).build())
                .build();
    }

    private static Set<String> values(Stream<String> values) {
        return values.collect(Collectors.toSet());
    }
}
