package uk.civicid.broker.federation;

import uk.civicid.broker.config.CivicIdProperties;

/**
 * An upstream added through the admin API, as stored: its settings (with the client secret, for client_secret_basic)
 * and, for private_key_jwt, the private key as a JWK. Both secrets are encrypted at rest in Redis and never leave the
 * broker: never log this, never return it.
 *
 * @param privateKeyJwk the private JWK (JSON) for private_key_jwt, or null
 */
public record RegisteredUpstream(CivicIdProperties.Upstream settings, String privateKeyJwk) {

    public String id() {
        return settings.id();
    }

    @Override
    public String toString() {
        return "RegisteredUpstream[" + id() + "]"; // never print a secret
    }
}
