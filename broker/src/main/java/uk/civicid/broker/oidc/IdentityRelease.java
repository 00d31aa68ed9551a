package uk.civicid.broker.oidc;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.identity.IdentityCheck;
import uk.civicid.broker.identity.VerifiedClaims;
import uk.civicid.broker.session.BrokerPrincipal;

/**
 * The one place that decides whether an app receives a person's verified identity: only with the {@code identity} scope
 * granted, and only a proved one. Each release is audited: which app, which person, which claims (names, never values).
 */
public class IdentityRelease {

    private final Audit audit;

    public IdentityRelease(Audit audit) {
        this.audit = audit;
    }

    /** The {@code verified_claims} for this app, if it may have them; the release is recorded. */
    public Optional<Map<String, Object>> release(BrokerPrincipal person, Set<String> grantedScopes, String clientId, String where) {
        IdentityCheck identity = person.identity();
        if (!grantedScopes.contains(VerifiedClaims.SCOPE) || identity == null || !identity.proved()) {
            return Optional.empty();
        }
        Map<String, Object> verified = VerifiedClaims.of(identity.verified());
        // The names of the claims released, never their values.
        String names = String.join(" ", ((Map<?, ?>) verified.get("claims")).keySet().stream().map(String::valueOf).toList());
        audit.record(AuditEventType.IDENTITY_RELEASED, person.accountId(), clientId, identity.upstreamId(),
                Map.of("claims", names, "in", where));
        return Optional.of(verified);
    }
}
