package uk.civicid.broker.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

@Tag("unit")
class ClientSecretHashesTest {

    private final ClientSecretHashes hashes = new ClientSecretHashes();

    @Test
    void generatedSecret_matchesItsHash_andNoOtherSecretDoes() {
        String secret = generatedSecret();
        String stored = hashes.encode(secret);
        assertThat(hashes.matches(secret, stored)).isTrue();
        assertThat(hashes.matches(generatedSecret(), stored)).isFalse();
        assertThat(hashes.matches(secret.substring(1), stored)).isFalse();
        assertThat(hashes.matches("", stored)).isFalse();
        assertThat(hashes.matches(null, stored)).isFalse();
    }

    @Test
    void hash_revealsNothingOfTheSecret() {
        String secret = generatedSecret();
        String stored = hashes.encode(secret);
        assertThat(stored).startsWith("{sha256}").doesNotContain(secret).doesNotContain(secret.substring(0, 8));
        assertThat(stored.substring("{sha256}".length())).hasSize(43); // 256 bits, whatever the secret's length
        assertThat(hashes.encode(generatedSecret())).isNotEqualTo(stored);
    }

    @Test
    void configuredBcryptHash_acceptsItsSecret_everyTime_andRefusesOthers_evenAfterASuccess() {
        String stored = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("tax-secret");
        assertThat(hashes.matches("tax-secret", stored)).isTrue();
        assertThat(hashes.matches("tax-secret", stored)).isTrue(); // remembered
        assertThat(hashes.matches("tax-secreT", stored)).isFalse();
        assertThat(hashes.matches("", stored)).isFalse();
        // A remembered success counts only for the hash it was checked against.
        String rotated = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("new-tax-secret");
        assertThat(hashes.matches("tax-secret", rotated)).isFalse();
        assertThat(hashes.matches("new-tax-secret", rotated)).isTrue();
    }

    @Test
    void otherEncodings_areRefused_andNothingIsUpgraded() {
        assertThat(hashes.matches("tax-secret", "{noop}tax-secret")).isFalse();
        assertThat(hashes.matches("tax-secret", "tax-secret")).isFalse();
        assertThat(hashes.matches("tax-secret", null)).isFalse();
        assertThat(hashes.upgradeEncoding("{bcrypt}" + new BCryptPasswordEncoder(4).encode("tax-secret"))).isFalse();
        assertThat(hashes.upgradeEncoding(hashes.encode(generatedSecret()))).isFalse();
    }

    private static String generatedSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
