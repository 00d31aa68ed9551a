package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.RegisteredUpstream;
import uk.civicid.broker.federation.UpstreamRepository;
import uk.civicid.broker.store.memory.MemoryUpstreamRepository;
import uk.civicid.broker.store.redis.KeyEncryption;
import uk.civicid.broker.store.redis.RedisKeys;
import uk.civicid.broker.store.redis.RedisUpstreamRepository;
import uk.civicid.broker.testsupport.RedisStores;

/** What every store of upstreams added at run time must do: keep them whole, refuse a taken id, and move the generation on every change. */
abstract class UpstreamRepositoryContract {

    abstract UpstreamRepository repository();

    static RegisteredUpstream upstream(String id, String secret) {
        return new RegisteredUpstream(new CivicIdProperties.Upstream(id, null, new CivicIdProperties.LocalisedText("Staff", "Staff (cy)"),
                URI.create("https://login.example/" + id), "civicid", null, secret, null, null, Map.of("email", "mail"), null,
                List.of("pwd"), List.of("RS256"), null, null, null, null, null, null, true), null);
    }

    @Test
    void anAddedUpstream_isFoundWhole_withItsSecrets() {
        UpstreamRepository upstreams = repository();
        RegisteredUpstream staff = upstream("staff", "s3cret");
        RegisteredUpstream withKey = new RegisteredUpstream(upstream("nhs", null).settings(), "{\"kty\":\"EC\"}");
        assertThat(upstreams.add(staff)).isTrue();
        assertThat(upstreams.add(withKey)).isTrue();
        assertThat(upstreams.find("staff")).contains(staff);
        assertThat(upstreams.find("nhs")).contains(withKey);
        assertThat(upstreams.findAll()).containsExactlyInAnyOrder(staff, withKey);
        assertThat(upstreams.find("other")).isEmpty();
    }

    @Test
    void addingATakenId_isRefused_andKeepsTheFirst() {
        UpstreamRepository upstreams = repository();
        upstreams.add(upstream("staff", "first"));
        long generation = upstreams.generation();
        assertThat(upstreams.add(upstream("staff", "second"))).isFalse();
        assertThat(upstreams.find("staff").orElseThrow().settings().clientSecret()).isEqualTo("first");
        assertThat(upstreams.generation()).isEqualTo(generation);
    }

    @Test
    void everyChange_movesTheGeneration() {
        UpstreamRepository upstreams = repository();
        long start = upstreams.generation();
        upstreams.add(upstream("staff", "s"));
        long added = upstreams.generation();
        assertThat(added).isNotEqualTo(start);
        upstreams.update("staff", u -> new RegisteredUpstream(u.settings().withEnabled(false), null));
        assertThat(upstreams.generation()).isNotIn(start, added);
        assertThat(upstreams.find("staff").orElseThrow().settings().enabled()).isFalse();
        assertThat(upstreams.update("missing", u -> u)).isEmpty();
    }
}

class MemoryUpstreamRepositoryTest extends UpstreamRepositoryContract {
    @Override
    UpstreamRepository repository() {
        return new MemoryUpstreamRepository();
    }
}

class RedisUpstreamRepositoryTest extends UpstreamRepositoryContract {

    static final KeyEncryption KEK = new KeyEncryption("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

    RedisKeys keys;

    @Override
    UpstreamRepository repository() {
        keys = RedisStores.freshKeys();
        return new RedisUpstreamRepository(RedisStores.template(), keys, RedisStores.json(), KEK);
    }

    @Test
    void secrets_areEncryptedAtRest_andAnotherKekCannotReadThem() {
        UpstreamRepository upstreams = repository();
        upstreams.add(new RegisteredUpstream(upstream("staff", "s3cret-value").settings(), "{\"kty\":\"EC\",\"d\":\"private-part\"}"));
        String stored = (String) RedisStores.template().opsForHash().get(keys.upstreams(), "staff");
        assertThat(stored).doesNotContain("s3cret-value").doesNotContain("private-part").contains("login.example");
        UpstreamRepository wrongKek = new RedisUpstreamRepository(RedisStores.template(), keys, RedisStores.json(),
                new KeyEncryption("HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4="));
        assertThatThrownBy(wrongKek::findAll).hasMessageContaining("civicid.store.key-encryption-key");
    }
}
