package uk.civicid.broker.config;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ID-token signature algorithms an upstream may be trusted with: asymmetric only. Never {@code none}, never HMAC,
 * so a public key can never be used as an HMAC secret (key confusion).
 */
public final class SignatureAlgorithms {

    public static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    public static final List<String> NAMES = ASYMMETRIC.stream().map(JWSAlgorithm::getName).sorted().toList();

    private SignatureAlgorithms() {}

    public static boolean allowed(String name) {
        return name != null && NAMES.contains(name);
    }

    public static Set<JWSAlgorithm> parse(List<String> names) {
        Set<JWSAlgorithm> parsed = names.stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        if (!ASYMMETRIC.containsAll(parsed)) {
            throw new IllegalArgumentException("only asymmetric signature algorithms may be accepted from an upstream");
        }
        return parsed;
    }
}
