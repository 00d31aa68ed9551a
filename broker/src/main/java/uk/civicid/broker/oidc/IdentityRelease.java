package uk.civicid.broker.oidc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.identity.BrokerRoles;
import uk.civicid.broker.identity.IdentityCheck;
import uk.civicid.broker.identity.NhsNumber;
import uk.civicid.broker.identity.NhsPatient;
import uk.civicid.broker.identity.VerifiedClaims;
import uk.civicid.broker.session.BrokerPrincipal;

/**
 * The one place that decides whether an app receives what a sign-in proved about a person: a verified identity only with
 * the {@code identity} scope granted, and only a proved one; the NHS number only with the {@code nhs_number} scope, the GP
 * practice only with {@code gp_registration_details}; the
 * sign-in's broker roles only with the {@code roles} scope. Each release is audited: which app, which person, which claims
 * (names, never values; for roles, the broker's own role names).
 */
public class IdentityRelease {

    private final Audit audit;

    public IdentityRelease(Audit audit) {
        this.audit = audit;
    }

    /** The claims ({@code verified_claims}, {@code nhs_number}, {@code gp_registration_details}, {@code roles}) this app may have, in its ID token or at userinfo; each release recorded. */
    public Map<String, Object> release(BrokerPrincipal person, Set<String> grantedScopes, String clientId, String where) {
        Map<String, Object> released = new LinkedHashMap<>();
        IdentityCheck identity = person.identity();
        if (grantedScopes.contains(VerifiedClaims.SCOPE) && identity != null && identity.proved()) {
            Map<String, Object> verified = VerifiedClaims.of(identity.verified());
            // The names of the claims released, never their values.
            String names = String.join(" ", ((Map<?, ?>) verified.get("claims")).keySet().stream().map(String::valueOf).toList());
            audit.record(AuditEventType.IDENTITY_RELEASED, person.accountId(), clientId, identity.upstreamId(),
                    Map.of("claims", names, "in", where));
            released.put(VerifiedClaims.CLAIM, verified);
        }
        NhsPatient nhs = person.nhs();
        if (grantedScopes.contains(NhsNumber.SCOPE) && nhs != null && nhs.nhsNumber() != null) {
            audit.record(AuditEventType.NHS_NUMBER_RELEASED, person.accountId(), clientId, person.upstreamId(), Map.of("in", where));
            released.put(NhsNumber.CLAIM, nhs.nhsNumber());
        }
        if (grantedScopes.contains(NhsPatient.GP_SCOPE) && nhs != null && nhs.gpOdsCode() != null) {
            audit.record(AuditEventType.GP_REGISTRATION_RELEASED, person.accountId(), clientId, person.upstreamId(), Map.of("in", where));
            released.put(NhsPatient.GP_CLAIM, Map.of(NhsPatient.GP_ODS_CODE, nhs.gpOdsCode()));
        }
        if (grantedScopes.contains(BrokerRoles.SCOPE)) { // an empty list says "no roles at this sign-in", not "not asked"
            audit.record(AuditEventType.ROLES_RELEASED, person.accountId(), clientId, person.upstreamId(),
                    Map.of("roles", String.join(" ", person.roles()), "in", where));
            released.put(BrokerRoles.CLAIM, person.roles());
        }
        return released;
    }
}
