package uk.civicid.broker.store.redis;

import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import tools.jackson.databind.json.JsonMapper;

/** WebAuthn user entities (the random user handle a person's passkeys carry, named by account id). */
public class RedisPasskeyUserRepository implements PublicKeyCredentialUserEntityRepository {

    record Stored(String id, String name, String displayName) {}

    /** KEYS: the entity, its name index. ARGV: JSON, user handle. */
    private static final RedisScript<Long> SAVE = RedisScript.of("""
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('SET', KEYS[2], ARGV[2])
            return 1""", Long.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;

    public RedisPasskeyUserRepository(StringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public PublicKeyCredentialUserEntity findById(Bytes id) {
        String value = redis.opsForValue().get(keys.passkeyUser(id.toBase64UrlString()));
        if (value == null) {
            return null;
        }
        Stored s = json.readValue(value, Stored.class);
        return ImmutablePublicKeyCredentialUserEntity.builder().id(Bytes.fromBase64(s.id())).name(s.name()).displayName(s.displayName()).build();
    }

    @Override
    public PublicKeyCredentialUserEntity findByUsername(String username) {
        String id = redis.opsForValue().get(keys.passkeyUserByName(username));
        PublicKeyCredentialUserEntity user = id == null ? null : findById(Bytes.fromBase64(id));
        return user != null && user.getName().equals(username) ? user : null;
    }

    @Override
    public void save(PublicKeyCredentialUserEntity user) {
        String id = user.getId().toBase64UrlString();
        redis.execute(SAVE, List.of(keys.passkeyUser(id), keys.passkeyUserByName(user.getName())),
                json.writeValueAsString(new Stored(id, user.getName(), user.getDisplayName())), id);
    }

    @Override
    public void delete(Bytes id) {
        PublicKeyCredentialUserEntity user = findById(id);
        if (user != null) {
            redis.delete(List.of(keys.passkeyUser(id.toBase64UrlString()), keys.passkeyUserByName(user.getName())));
        }
    }
}
