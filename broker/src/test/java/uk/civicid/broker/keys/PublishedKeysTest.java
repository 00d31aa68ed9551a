package uk.civicid.broker.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.store.memory.MemorySigningKeyRepository;

/** The rotation rules, on a clock the test moves: when a new key is made, when it signs, when an old one goes. */
@Tag("unit")
class PublishedKeysTest {

    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    final MemorySigningKeyRepository store = new MemorySigningKeyRepository();
    final PublishedKeys keys = new PublishedKeys(store, clock, Duration.ofDays(90), Duration.ofMinutes(1), Duration.ofMinutes(30));

    @Test
    void aNewPair_isMadeWhenDue_signsOncePublishedEverywhere_andTheOldGoesWhenNoTokenCanUseIt() {
        List<JWK> first = published();
        assertThat(first).hasSize(2);
        JWK oldRsa = rsa(first);

        now = now.plus(Duration.ofDays(89));
        keys.rotateAndRefresh();
        assertThat(published()).as("not due yet").hasSize(2);

        now = now.plus(Duration.ofDays(2));
        keys.rotateAndRefresh();
        List<JWK> both = published();
        assertThat(both).hasSize(4);
        List<JWK> rsaKeys = both.stream().filter(k -> "RS256".equals(k.getAlgorithm().getName())).toList();
        assertThat(keys.signingKey(rsaKeys)).as("the new key is not yet on every node").isEqualTo(oldRsa);

        now = now.plus(Duration.ofMinutes(2)); // two refresh intervals: every node publishes it
        assertThat(keys.signingKey(rsaKeys)).isNotEqualTo(oldRsa);

        now = now.plus(Duration.ofMinutes(29));
        keys.rotateAndRefresh();
        assertThat(published()).as("a token of the old key may still be valid").hasSize(4);

        now = now.plus(Duration.ofMinutes(5));
        keys.rotateAndRefresh();
        assertThat(published()).hasSize(2).noneMatch(k -> k.getKeyID().equals(oldRsa.getKeyID()));
        assertThat(store.findAll()).hasSize(2);
    }

    @Test
    void rotatingNow_publishesANewPairAtOnce_whichSignsOncePublishedEverywhere_andSaysWhenTheOldRetires() {
        Instant first = now;
        assertThat(keys.states()).extracting(PublishedKeys.KeyState::state).containsOnly(PublishedKeys.State.SIGNING);
        now = now.plus(Duration.ofMinutes(1));
        List<PublishedKeys.KeyState> rotated = keys.rotateNow();
        assertThat(published()).hasSize(4);
        assertThat(rotated).hasSize(4);
        assertThat(rotated).filteredOn(k -> k.state() == PublishedKeys.State.NEXT).extracting(PublishedKeys.KeyState::algorithm)
                .containsExactlyInAnyOrder("ES256", "RS256");

        now = now.plus(Duration.ofMinutes(2)); // two refresh intervals
        List<PublishedKeys.KeyState> after = keys.states();
        assertThat(after).filteredOn(k -> k.state() == PublishedKeys.State.SIGNING).hasSize(2)
                .noneMatch(k -> k.createdAt().equals(first));
        assertThat(after).filteredOn(k -> k.state() == PublishedKeys.State.PUBLISHED)
                .extracting(PublishedKeys.KeyState::retireAfter)
                .containsOnly(first.plus(Duration.ofMinutes(1 + 2 + 30 + 2))); // the new key signs 2 min after it is made; tokens live 30 min, plus 2
    }

    private List<JWK> published() {
        return keys.get(new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder().build()), null);
    }

    private static JWK rsa(List<JWK> jwks) {
        return jwks.stream().filter(k -> "RS256".equals(k.getAlgorithm().getName())).findFirst().orElseThrow();
    }
}
