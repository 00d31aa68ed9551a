package uk.civicid.broker.oidc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.config.CivicIdProperties.SubjectType;

/**
 * The {@code sub} an app sees for an account (OIDC Core §8). Public: the account id. Pairwise: an HMAC of
 * the sector and the account id, so apps in different sectors cannot correlate a person.
 */
public final class PairwiseSubjects {

    private final byte[] secret;

    public PairwiseSubjects(String secret) {
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    public String subjectFor(RegisteredClient client, String accountId) {
        ClientPolicy policy = ClientPolicy.of(client);
        if (policy.subjectType() != SubjectType.PAIRWISE) {
            return accountId;
        }
        if (secret == null) {
            throw new IllegalStateException("civicid.pairwise-secret is required for pairwise clients");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((policy.sector() + "\n" + accountId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
