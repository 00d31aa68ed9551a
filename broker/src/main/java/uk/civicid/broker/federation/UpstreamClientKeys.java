package uk.civicid.broker.federation;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.keys.PublishedKeys;

/**
 * The broker's own client keys for {@code private_key_jwt} at upstreams that have no key configured: generated when
 * first needed and kept in the store, their public halves published at {@code /signin/client-jwks} (so an upstream
 * registration names a JWKS URL instead of a pasted key), rotated as the signing keys are: a new pair is published on
 * every node before it signs, and the old one stays published until it has been out of use for
 * {@code civicid.federation.client-key-retirement}.
 */
@Component
public class UpstreamClientKeys {

    private static final JWKSelector RSA = new JWKSelector(new JWKMatcher.Builder().keyType(KeyType.RSA).build());
    private static final JWKSelector ALL = new JWKSelector(new JWKMatcher.Builder().build());

    private final UpstreamClientKeyStore store;
    private final CivicIdProperties properties;
    private final Clock clock;
    /** Made at first need: a broker with no such upstream never generates (or stores) a client key. */
    private volatile PublishedKeys keys;

    public UpstreamClientKeys(UpstreamClientKeyStore store, CivicIdProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    /** The key to sign a client assertion with now (RS256, which every upstream takes), with its kid. */
    public JWK signingKey() {
        PublishedKeys published = published();
        return published.signingKey(published.get(RSA, null));
    }

    /** The public halves of every key still published. */
    public JWKSet publicKeys() {
        return new JWKSet(published().get(ALL, null)).toPublicJWKSet();
    }

    public List<PublishedKeys.KeyState> states() {
        return published().states();
    }

    /** An administrator's rotation: a new pair, signing once every node has published it. */
    public List<PublishedKeys.KeyState> rotateNow() {
        return published().rotateNow();
    }

    /** Each node's periodic reread (and rotation when due); nothing while no key was ever needed here. */
    public void refresh() {
        PublishedKeys current = keys;
        if (current != null) {
            current.rotateAndRefresh();
        }
    }

    private PublishedKeys published() {
        PublishedKeys current = keys;
        if (current == null) {
            synchronized (this) {
                current = keys;
                if (current == null) {
                    CivicIdProperties.Federation federation = properties.federation();
                    current = keys = new PublishedKeys(store.keys(), clock, federation.clientKeyRotation(),
                            properties.tokens().signingKeyRefresh(), federation.clientKeyRetirement());
                }
            }
        }
        return current;
    }
}
