package uk.civicid.broker.store.redis;

import java.time.Instant;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.oidc.SigningKey;
import uk.civicid.broker.oidc.SigningKeyRepository;

/** The signing keys as one JSON value, written once with SET NX so nodes starting together agree on one set. */
public class RedisSigningKeyRepository implements SigningKeyRepository {

    /** A signing key as stored: the JWK (with its private part) encrypted. */
    record StoredKey(String keyId, String encryptedJwk, Instant createdAt) {}

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;
    private final KeyEncryption encryption;

    public RedisSigningKeyRepository(StringRedisTemplate redis, RedisKeys keys, JsonMapper json, KeyEncryption encryption) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
        this.encryption = encryption;
    }

    @Override
    public List<SigningKey> findAll() {
        String value = redis.opsForValue().get(keys.signingKeys());
        if (value == null) {
            return List.of();
        }
        return json.readValue(value, new TypeReference<List<StoredKey>>() {}).stream()
                .map(k -> new SigningKey(k.keyId(), encryption.decrypt(k.encryptedJwk(), k.keyId()), k.createdAt()))
                .toList();
    }

    @Override
    public List<SigningKey> saveIfEmpty(List<SigningKey> candidates) {
        List<StoredKey> stored = candidates.stream()
                .map(k -> new StoredKey(k.keyId(), encryption.encrypt(k.jwkJson(), k.keyId()), k.createdAt()))
                .toList();
        redis.opsForValue().setIfAbsent(keys.signingKeys(), json.writeValueAsString(stored));
        return findAll();
    }
}
