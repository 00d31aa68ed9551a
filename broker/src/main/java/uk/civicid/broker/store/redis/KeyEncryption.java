package uk.civicid.broker.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets before they reach Redis (signing keys' private parts, upstreams' client secrets and private keys):
 * AES-256-GCM under the key-encryption key from configuration, with the secret's name (a key id) as associated data so
 * a ciphertext cannot be moved to another name. Anyone who reads Redis (a backup, a replica, a stolen snapshot)
 * without the KEK cannot sign tokens or act as the broker at an upstream.
 */
public final class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec kek;

    /** @param base64Key base64 of exactly 32 bytes */
    public KeyEncryption(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException("civicid.store.key-encryption-key is required with the Redis store: "
                    + "base64 of 32 random bytes, e.g. from `openssl rand -base64 32`, given as CIVICID_KEY_ENCRYPTION_KEY");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("civicid.store.key-encryption-key is not base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException("civicid.store.key-encryption-key must be 32 bytes (256 bits), not " + key.length);
        }
        this.kek = new SecretKeySpec(key, "AES");
    }

    public String encrypt(String plaintext, String keyId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + keyId, e);
        }
    }

    public String decrypt(String ciphertext, String keyId) {
        try {
            byte[] in = Base64.getDecoder().decode(ciphertext);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(keyId + " cannot be decrypted: is civicid.store.key-encryption-key "
                    + "the key it was stored with?");
        }
    }
}
