package uk.civicid.broker.federation;

import java.time.Instant;
import java.util.List;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.LinkedIdentity;

/**
 * The only thing that leaves a connector: who the upstream says signed in, and what that sign-in is
 * worth. Upstream tokens stay inside the connector.
 */
public record UpstreamIdentity(String upstreamId, String issuer, String subject, Account.Profile profile,
                               String acr, List<String> amr, Instant authenticatedAt) {

    public LinkedIdentity.IdentityKey key() {
        return new LinkedIdentity.IdentityKey(issuer, subject);
    }
}
