package uk.civicid.broker.keys;

import java.io.Serializable;
import java.time.Instant;

/** One of the broker's token-signing keys, as stored: the private JWK as JSON. */
public record SigningKey(String keyId, String jwkJson, Instant createdAt) implements Serializable {

    @Override
    public String toString() {
        return "SigningKey[" + keyId + "]"; // never print the private key
    }
}
