package uk.civicid.broker.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import uk.civicid.broker.Sha256;

/**
 * How apps' client secrets are kept and checked at the token endpoint. Two kinds of stored hash:
 * <ul>
 *   <li>{@code {sha256}…}, for the secrets the broker generates (256 random bits): one SHA-256 is a sound verifier for a
 *   secret of that entropy, since guessing it is as hard as inverting the hash; a slow hash only protects guessable
 *   secrets. {@link #encode} makes these.</li>
 *   <li>{@code {bcrypt}…}, which configuration requires, since an operator's secret may be guessable. Checking one takes
 *   tens of milliseconds by design, so an app's successful check is remembered (in memory only, bounded) under the
 *   SHA-256 of the stored hash and the secret presented: the same secret against the same hash is not checked
 *   twice, while any other secret, or a changed hash, is checked in full.</li>
 * </ul>
 * Nothing else is accepted (no {@code {noop}}, no legacy encoders), and a stored hash is never re-encoded.
 */
public final class ClientSecretHashes implements PasswordEncoder {

    private static final String SHA256 = "{sha256}";
    private static final String BCRYPT = "{bcrypt}";
    /** Verified (stored hash, secret) pairs remembered; far more than the apps one broker serves. */
    private static final int REMEMBERED = 4096;

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

    @Override
    public String encode(CharSequence rawSecret) {
        return SHA256 + Sha256.base64Url(rawSecret.toString());
    }

    @Override
    public boolean matches(CharSequence rawSecret, String stored) {
        if (rawSecret == null || stored == null) {
            return false;
        }
        if (stored.startsWith(SHA256)) {
            return MessageDigest.isEqual(encode(rawSecret).getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII));
        }
        if (!stored.startsWith(BCRYPT)) {
            return false;
        }
        String pair = Sha256.base64Url(stored + '\n' + rawSecret);
        if (verified.containsKey(pair)) {
            return true;
        }
        boolean matches = bcrypt.matches(rawSecret, stored.substring(BCRYPT.length()));
        if (matches) {
            if (verified.size() >= REMEMBERED) {
                verified.clear(); // bounded: start again rather than grow
            }
            verified.put(pair, Boolean.TRUE);
        }
        return matches;
    }

    /** Never: configured hashes belong to configuration, and generated ones are already the fast kind. */
    @Override
    public boolean upgradeEncoding(String stored) {
        return false;
    }
}
