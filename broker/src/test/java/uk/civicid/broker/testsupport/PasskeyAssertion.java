package uk.civicid.broker.testsupport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A WebAuthn assertion made in the test with a passkey's private key (taken from Chromium's virtual authenticator),
 * so that each field a relying party must check (origin, RP ID, challenge, counter) can be set wrong on purpose,
 * while the signature stays valid.
 */
public record PasskeyAssertion(byte[] credentialId, byte[] userHandle, PKCS8EncodedKeySpec privateKey, boolean backupEligible,
                               boolean backupState) {

    /** The JSON body of {@code POST /login/webauthn}, as the broker's page script sends it. */
    public String json(byte[] challenge, String origin, String rpId, long signCount) {
        try {
            byte[] clientData = ("{\"type\":\"webauthn.get\",\"challenge\":\"" + b64(challenge) + "\",\"origin\":\"" + origin
                    + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
            int flags = 0x01 | 0x04 | (backupEligible ? 0x08 : 0) | (backupState ? 0x10 : 0); // UP, UV, BE, BS
            byte[] authenticatorData = ByteBuffer.allocate(37).put(sha256(rpId.getBytes(StandardCharsets.UTF_8)))
                    .put((byte) flags).putInt((int) signCount).array();
            // Chromium's virtual authenticator picks the first algorithm offered that it supports: EdDSA, else ES256.
            boolean edDsa = HexFormat.of().formatHex(privateKey.getEncoded()).contains("06032b6570"); // OID 1.3.101.112
            PrivateKey key = KeyFactory.getInstance(edDsa ? "Ed25519" : "EC").generatePrivate(privateKey);
            Signature signature = Signature.getInstance(edDsa ? "Ed25519" : "SHA256withECDSA");
            signature.initSign(key);
            signature.update(authenticatorData);
            signature.update(sha256(clientData));
            String id = b64(credentialId);
            return "{\"id\":\"" + id + "\",\"rawId\":\"" + id + "\",\"type\":\"public-key\",\"response\":{"
                    + "\"authenticatorData\":\"" + b64(authenticatorData) + "\",\"clientDataJSON\":\"" + b64(clientData)
                    + "\",\"signature\":\"" + b64(signature.sign()) + "\",\"userHandle\":\"" + b64(userHandle) + "\"},"
                    + "\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\"}";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
