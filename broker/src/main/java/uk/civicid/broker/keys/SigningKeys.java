package uk.civicid.broker.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Making and reading the broker's signing keys: generated on the first start of the first node (RSA 2048 for RS256, which
 * OIDC requires every provider to support, and P-256 for ES256) and read back from the store on every start.
 */
public final class SigningKeys {

    private SigningKeys() {}

    static SigningKey generate(boolean rsa, Clock clock) {
        String kid = UUID.randomUUID().toString();
        try {
            JWK jwk = rsa
                    ? new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate()
                    : new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate();
            return new SigningKey(kid, jwk.toJSONString(), clock.instant());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
    }

    static JWK parse(SigningKey key) {
        try {
            return JWK.parse(key.jwkJson());
        } catch (ParseException e) {
            throw new IllegalStateException("stored signing key " + key.keyId() + " is not a JWK", e);
        }
    }
}
