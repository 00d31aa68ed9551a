package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.keys.SigningKey;
import uk.civicid.broker.keys.SigningKeyRepository;
import uk.civicid.broker.store.memory.MemorySigningKeyRepository;
import uk.civicid.broker.store.redis.KeyEncryption;
import uk.civicid.broker.store.redis.RedisKeys;
import uk.civicid.broker.store.redis.RedisSigningKeyRepository;
import uk.civicid.broker.testsupport.RedisStores;
import uk.civicid.broker.testsupport.TestRedis;

/** What every signing-key store must do: nodes starting together agree on one set of keys. */
abstract class SigningKeyRepositoryContract {

    abstract SigningKeyRepository repository();

    static final SigningKey FIRST = new SigningKey("k1", "{\"kty\":\"EC\",\"kid\":\"k1\",\"d\":\"secret-part\"}", Instant.parse("2026-01-01T00:00:00Z"));
    static final SigningKey OTHER = new SigningKey("k2", "{\"kty\":\"EC\",\"kid\":\"k2\",\"d\":\"other\"}", Instant.parse("2026-01-02T00:00:00Z"));

    @Test
    void theFirstKeysSaved_areTheKeysEveryoneGets() {
        SigningKeyRepository keys = repository();
        assertThat(keys.findAll()).isEmpty();
        assertThat(keys.saveIfEmpty(List.of(FIRST))).containsExactly(FIRST);
        assertThat(keys.saveIfEmpty(List.of(OTHER))).containsExactly(FIRST);
        assertThat(keys.findAll()).containsExactly(FIRST);
    }
}

class MemorySigningKeyRepositoryTest extends SigningKeyRepositoryContract {
    @Override
    SigningKeyRepository repository() {
        return new MemorySigningKeyRepository();
    }
}

class RedisSigningKeyRepositoryTest extends SigningKeyRepositoryContract {

    private final RedisKeys keys = RedisStores.freshKeys();

    @Override
    SigningKeyRepository repository() {
        return new RedisSigningKeyRepository(RedisStores.template(), keys.signingKeys(), RedisStores.json(), new KeyEncryption(TestRedis.TEST_KEK));
    }

    /** A copy of Redis (a backup, a replica) does not hold a usable private key. */
    @Test
    void privateKeys_areEncryptedAtRest() {
        repository().saveIfEmpty(List.of(FIRST));
        String stored = RedisStores.template().opsForValue().get(keys.signingKeys());
        assertThat(stored).doesNotContain("secret-part").doesNotContain("\"d\"");
    }

    @Test
    void theWrongKeyEncryptionKey_isRefusedWithAClearMessage() {
        repository().saveIfEmpty(List.of(FIRST));
        String otherKek = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        SigningKeyRepository wrongKek = new RedisSigningKeyRepository(RedisStores.template(), keys.signingKeys(), RedisStores.json(), new KeyEncryption(otherKek));
        assertThatThrownBy(wrongKek::findAll).hasMessageContaining("civicid.store.key-encryption-key");
        assertThatThrownBy(() -> new KeyEncryption("c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new KeyEncryption("")).hasMessageContaining("CIVICID_KEY_ENCRYPTION_KEY");
    }
}

/** The broker's client keys for upstreams: the same store of key pairs under a key of their own, encrypted the same way. */
class RedisUpstreamClientKeyStoreTest extends SigningKeyRepositoryContract {

    private final RedisKeys keys = RedisStores.freshKeys();

    @Override
    SigningKeyRepository repository() {
        return new RedisSigningKeyRepository(RedisStores.template(), keys.upstreamClientKeys(), RedisStores.json(),
                new KeyEncryption(TestRedis.TEST_KEK));
    }

    @Test
    void clientKeys_areEncryptedAtRest_apartFromTheSigningKeys() {
        repository().saveIfEmpty(List.of(FIRST));
        assertThat(RedisStores.template().opsForValue().get(keys.upstreamClientKeys())).doesNotContain("secret-part").doesNotContain("\"d\"");
        assertThat(RedisStores.template().hasKey(keys.signingKeys())).isFalse();
    }
}
