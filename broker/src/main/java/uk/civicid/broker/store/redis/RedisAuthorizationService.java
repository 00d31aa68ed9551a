package uk.civicid.broker.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.oidc.AccountAuthorizations;
import uk.civicid.broker.store.AppAccessToken;
import uk.civicid.broker.oidc.AuthorizationTokens;
import uk.civicid.broker.store.AuthorizationVersions;

/**
 * Authorizations in Redis, each expiring with its longest-lived token. Tokens are found through index keys
 * named by the token's hash; an index key only points, and a match is believed only if the authorization
 * still holds that exact value, so stale index keys (a rotated refresh token) are harmless until they expire.
 * An app's own tokens (client_credentials) are one key each, an {@link AppAccessToken} named by the token's hash.
 */
public class RedisAuthorizationService implements OAuth2AuthorizationService, AccountAuthorizations {

    private static final String[] TYPES = {"state", "code", "access_token", "refresh_token", "id_token"};

    /**
     * Compare-and-set. ARGV: the SHA-1 of the JSON this request read ('' = no check: a new authorization),
     * the new JSON, its life in ms. Returns 'changed' when another request saved it first.
     */
    private static final RedisScript<String> SAVE = RedisScript.of("""
            if ARGV[1] ~= '' then
              local current = redis.call('GET', KEYS[1])
              if not current or redis.sha1hex(current) ~= ARGV[1] then return 'changed' end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 'ok'""", String.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final RegisteredClientRepository clients;
    private final AuthorizationJson json;
    private final Clock clock;

    public RedisAuthorizationService(StringRedisTemplate redis, RedisKeys keys, RegisteredClientRepository clients,
                                     JsonMapper mapper, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clients = clients;
        this.json = new AuthorizationJson(mapper);
        this.clock = clock;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        Instant now = clock.instant();
        Duration ttl = Duration.between(now, AuthorizationTokens.keepUntil(authorization, now));
        if (ttl.isNegative() || ttl.isZero()) {
            remove(authorization);
            return;
        }
        Optional<AppAccessToken> appToken = AppAccessToken.of(authorization);
        if (appToken.isPresent()) { // nothing else ever changes it but its revocation: no compare-and-set
            redis.opsForValue().set(keys.appAccessToken(AppAccessToken.value(authorization)),
                    json.write(appToken.get()), ttl);
            return;
        }
        Object read = AuthorizationVersions.readVersion(authorization.getId());
        String written = json.write(authorization);
        String result = redis.execute(SAVE, List.of(keys.authorization(authorization.getId())), read == null ? "" : (String) read,
                written, String.valueOf(ttl.toMillis()));
        if ("changed".equals(result)) {
            throw AuthorizationVersions.lostRace();
        }
        AuthorizationVersions.read(authorization.getId(), sha1Hex(written)); // this request's own write is not a race
        byte[] id = authorization.getId().getBytes(StandardCharsets.UTF_8);
        RedisWrites.all(redis, commands -> {
            List<RedisFuture<?>> sent = new ArrayList<>();
            AuthorizationTokens.lookupValues(authorization).forEach((type, value) -> sent.add(commands.set(
                    keys.authorizationToken(type, value).getBytes(StandardCharsets.UTF_8), id, SetArgs.Builder.px(ttl.toMillis()))));
            if (AuthorizationTokens.ofPerson(authorization)) {
                sent.add(ExpiringIndex.add(commands, keys.authorizationsOf(authorization.getPrincipalName()), authorization.getId(),
                        now.plus(ttl), now));
            }
            return sent;
        });
    }

    @Override
    public List<OAuth2Authorization> findByAccount(String accountId) {
        return ExpiringIndex.live(redis, keys.authorizationsOf(accountId), clock.instant()).stream().map(this::findById)
                .filter(a -> a != null && accountId.equals(a.getPrincipalName())).toList();
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        redis.delete(AppAccessToken.of(authorization).isPresent() ? keys.appAccessToken(AppAccessToken.value(authorization))
                : keys.authorization(authorization.getId()));
    }

    @Override
    public OAuth2Authorization findById(String id) {
        String stored = redis.opsForValue().get(keys.authorization(id));
        if (stored == null) {
            return null;
        }
        AuthorizationVersions.read(id, sha1Hex(stored));
        AuthorizationJson.Stored parsed = json.parse(stored);
        RegisteredClient client = clients.findById(parsed.registeredClientId());
        return client == null ? null : json.read(parsed, client); // an app removed since: its grants are gone too
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)) {
            String stored = redis.opsForValue().get(keys.appAccessToken(token));
            if (stored != null) {
                return json.readAppToken(stored).authorization(clients, token);
            }
        }
        if (tokenType != null) {
            return find(tokenType.getValue(), token);
        }
        for (String type : TYPES) {
            OAuth2Authorization found = find(type, token);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String sha1Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OAuth2Authorization find(String type, String token) {
        if (AuthorizationTokens.RETIRED_REFRESH_TOKEN.equals(type)) {
            String id = redis.opsForValue().get(keys.authorizationToken("refresh_token", token));
            OAuth2Authorization authorization = id == null ? null : findById(id);
            return authorization == null || token.equals(AuthorizationTokens.lookupValues(authorization).get("refresh_token")) ? null : authorization;
        }
        String id = redis.opsForValue().get(keys.authorizationToken(type, token));
        OAuth2Authorization authorization = id == null ? null : findById(id);
        if (authorization == null) {
            return null;
        }
        Map<String, String> values = AuthorizationTokens.lookupValues(authorization);
        return token.equals(values.get(type)) ? authorization : null;
    }
}
