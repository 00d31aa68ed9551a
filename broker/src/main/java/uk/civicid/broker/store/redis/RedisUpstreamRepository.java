package uk.civicid.broker.store.redis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.RegisteredUpstream;
import uk.civicid.broker.federation.UpstreamRepository;

/**
 * Upstreams added through the admin API: one hash field of JSON per upstream, the client secret and private key
 * encrypted with the key-encryption key; every write moves the generation counter in the same script.
 */
public class RedisUpstreamRepository implements UpstreamRepository {

    /** As stored: the settings without their secret, and the secrets encrypted (null when there is none). */
    record StoredUpstream(CivicIdProperties.Upstream settings, String encryptedClientSecret, String encryptedPrivateKey) {}

    /** KEYS: the hash, the generation. ARGV: id, JSON. Returns 1 when added, 0 when the id is taken. */
    private static final RedisScript<Long> ADD = RedisScript.of("""
            if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
            redis.call('INCR', KEYS[2])
            return 1""", Long.class);

    /** Compare-and-set. KEYS: the hash, the generation. ARGV: id, JSON read, new JSON. Returns 1 when replaced. */
    private static final RedisScript<Long> REPLACE = RedisScript.of("""
            if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            redis.call('INCR', KEYS[2])
            return 1""", Long.class);

    private static final int MAX_ATTEMPTS = 10;

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;
    private final KeyEncryption encryption;

    public RedisUpstreamRepository(StringRedisTemplate redis, RedisKeys keys, JsonMapper json, KeyEncryption encryption) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
        this.encryption = encryption;
    }

    @Override
    public List<RegisteredUpstream> findAll() {
        Map<Object, Object> all = redis.opsForHash().entries(keys.upstreams());
        return all.values().stream().map(value -> read((String) value))
                .sorted(java.util.Comparator.comparing(RegisteredUpstream::id)).toList();
    }

    @Override
    public Optional<RegisteredUpstream> find(String id) {
        return Optional.ofNullable((String) redis.<String, String>opsForHash().get(keys.upstreams(), id)).map(this::read);
    }

    @Override
    public boolean add(RegisteredUpstream upstream) {
        return Long.valueOf(1).equals(redis.execute(ADD, List.of(keys.upstreams(), keys.upstreamGeneration()),
                upstream.id(), write(upstream)));
    }

    @Override
    public Optional<RegisteredUpstream> update(String id, UnaryOperator<RegisteredUpstream> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String current = redis.<String, String>opsForHash().get(keys.upstreams(), id);
            if (current == null) {
                return Optional.empty();
            }
            RegisteredUpstream next = change.apply(read(current));
            if (Long.valueOf(1).equals(redis.execute(REPLACE, List.of(keys.upstreams(), keys.upstreamGeneration()),
                    id, current, write(next)))) {
                return Optional.of(next);
            }
        }
        throw new IllegalStateException("upstream " + id + " kept changing; gave up after " + MAX_ATTEMPTS + " attempts");
    }

    @Override
    public long generation() {
        String value = redis.opsForValue().get(keys.upstreamGeneration());
        return value == null ? 0 : Long.parseLong(value);
    }

    private String write(RegisteredUpstream upstream) {
        String secret = upstream.settings().clientSecret();
        return json.writeValueAsString(new StoredUpstream(upstream.settings().withClientSecret(null),
                secret == null ? null : encryption.encrypt(secret, secretName(upstream.id(), "client-secret")),
                upstream.privateKeyJwk() == null ? null : encryption.encrypt(upstream.privateKeyJwk(), secretName(upstream.id(), "private-key"))));
    }

    private RegisteredUpstream read(String value) {
        StoredUpstream stored = json.readValue(value, StoredUpstream.class);
        String id = stored.settings().id();
        String secret = stored.encryptedClientSecret() == null ? null
                : encryption.decrypt(stored.encryptedClientSecret(), secretName(id, "client-secret"));
        String key = stored.encryptedPrivateKey() == null ? null
                : encryption.decrypt(stored.encryptedPrivateKey(), secretName(id, "private-key"));
        return new RegisteredUpstream(stored.settings().withClientSecret(secret), key);
    }

    /** The associated data of a secret: which upstream's which secret, so a ciphertext cannot be moved to another. */
    private static String secretName(String upstreamId, String what) {
        return "upstream " + upstreamId + " " + what;
    }
}
