package uk.civicid.broker.store.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.store.AppAccessToken;
import uk.civicid.broker.store.AuthorizationRecords;
import uk.civicid.broker.store.AuthorizationVersions;

/**
 * Authorizations in Redis: each grant one JSON value expiring with its longest-lived token, index keys named by the
 * token's hash that hold only the grant's id, a per-account sorted set of grant ids, and an app's own token as one key
 * named by its hash. The version of a grant a request read is the SHA-1 of its JSON, compared inside Redis at save.
 */
public class RedisAuthorizationRecords implements AuthorizationRecords {

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

    public RedisAuthorizationRecords(StringRedisTemplate redis, RedisKeys keys, RegisteredClientRepository clients, JsonMapper mapper) {
        this.redis = redis;
        this.keys = keys;
        this.clients = clients;
        this.json = new AuthorizationJson(mapper);
    }

    @Override
    public boolean saveIfUnchanged(OAuth2Authorization authorization, Map<String, String> tokens, String accountId, Instant expiresAt,
                                   Instant now) {
        long ttl = Duration.between(now, expiresAt).toMillis();
        Object read = AuthorizationVersions.readVersion(authorization.getId());
        String written = json.write(authorization);
        String result = redis.execute(SAVE, List.of(keys.authorization(authorization.getId())), read == null ? "" : (String) read,
                written, String.valueOf(ttl));
        if ("changed".equals(result)) {
            return false;
        }
        AuthorizationVersions.read(authorization.getId(), sha1Hex(written)); // this request's own write is not a race
        byte[] id = authorization.getId().getBytes(StandardCharsets.UTF_8);
        RedisWrites.all(redis, commands -> {
            List<RedisFuture<?>> sent = new ArrayList<>();
            tokens.forEach((type, value) -> sent.add(commands.set(
                    keys.authorizationToken(type, value).getBytes(StandardCharsets.UTF_8), id, SetArgs.Builder.px(ttl))));
            if (accountId != null) {
                sent.add(ExpiringIndex.add(commands, keys.authorizationsOf(accountId), authorization.getId(), expiresAt, now));
            }
            return sent;
        });
        return true;
    }

    @Override
    public OAuth2Authorization find(String id) {
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
    public Optional<String> idOf(String tokenType, String value) {
        return Optional.ofNullable(redis.opsForValue().get(keys.authorizationToken(tokenType, value)));
    }

    @Override
    public List<String> idsOf(String accountId, Instant now) {
        return List.copyOf(ExpiringIndex.live(redis, keys.authorizationsOf(accountId), now));
    }

    @Override
    public void delete(OAuth2Authorization authorization) {
        redis.delete(keys.authorization(authorization.getId()));
    }

    @Override
    public void saveAppToken(String value, AppAccessToken token, Duration ttl) {
        redis.opsForValue().set(keys.appAccessToken(value), json.write(token), ttl);
    }

    @Override
    public Optional<AppAccessToken> appToken(String value) {
        return Optional.ofNullable(redis.opsForValue().get(keys.appAccessToken(value))).map(json::readAppToken);
    }

    @Override
    public void deleteAppToken(String value) {
        redis.delete(keys.appAccessToken(value));
    }

    private static String sha1Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
