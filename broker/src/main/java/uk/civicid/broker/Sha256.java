package uk.civicid.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SHA-256 as unpadded base64url: the PKCE S256 code challenge (RFC 7636 §4.2), and how the broker keeps
 * bearer secrets it only needs to recognise (token index keys, session bindings) without storing them.
 */
public final class Sha256 {

    private Sha256() {}

    public static String base64Url(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
