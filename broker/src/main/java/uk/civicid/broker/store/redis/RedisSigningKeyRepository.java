package uk.civicid.broker.store.redis;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.keys.SigningKey;
import uk.civicid.broker.keys.SigningKeyRepository;

/**
 * A set of the broker's key pairs (its token-signing keys, or its client keys for upstreams) as one JSON value under one
 * key, the private parts encrypted; written first with SET NX so nodes starting together agree on one set.
 */
public class RedisSigningKeyRepository implements SigningKeyRepository {

    /** A signing key as stored: the JWK (with its private part) encrypted. */
    record StoredKey(String keyId, String encryptedJwk, Instant createdAt) {}

    private final StringRedisTemplate redis;
    private final String key;
    private final JsonMapper json;
    private final KeyEncryption encryption;

    /** @param key the Redis key (from {@link RedisKeys}) */
    public RedisSigningKeyRepository(StringRedisTemplate redis, String key, JsonMapper json, KeyEncryption encryption) {
        this.redis = redis;
        this.key = key;
        this.json = json;
        this.encryption = encryption;
    }

    @Override
    public List<SigningKey> findAll() {
        String value = redis.opsForValue().get(key);
        if (value == null) {
            return List.of();
        }
        return decrypt(value);
    }

    private List<SigningKey> decrypt(String value) {
        return json.readValue(value, new TypeReference<List<StoredKey>>() {}).stream()
                .map(k -> new SigningKey(k.keyId(), encryption.decrypt(k.encryptedJwk(), k.keyId()), k.createdAt()))
                .toList();
    }

    private String encrypt(List<SigningKey> keys) {
        return json.writeValueAsString(keys.stream()
                .map(k -> new StoredKey(k.keyId(), encryption.encrypt(k.jwkJson(), k.keyId()), k.createdAt())).toList());
    }

    /** Compare-and-set on the stored value: replaced only if it is still the one read. */
    private static final RedisScript<Long> REPLACE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2])
            return 1""", Long.class);

    @Override
    public List<SigningKey> update(UnaryOperator<List<SigningKey>> change) {
        for (int attempt = 0; attempt < 10; attempt++) {
            String current = redis.opsForValue().get(key);
            List<SigningKey> before = current == null ? List.of() : decrypt(current);
            String next = encrypt(change.apply(before));
            if (Long.valueOf(1).equals(redis.execute(REPLACE, List.of(key), current == null ? "" : current, next))) {
                return findAll();
            }
        }
        throw new IllegalStateException("signing keys kept changing; gave up");
    }

    @Override
    public List<SigningKey> saveIfEmpty(List<SigningKey> candidates) {
        redis.opsForValue().setIfAbsent(key, encrypt(candidates));
        return findAll();
    }
}
