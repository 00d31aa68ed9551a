package uk.civicid.broker.federation;

import java.time.Instant;
import java.util.List;
import uk.civicid.broker.identity.IdentityCheck;
import uk.civicid.broker.identity.NhsPatient;

/**
 * The only thing that leaves a connector: who the upstream says signed in, and what that sign-in is
 * worth. Upstream tokens stay inside the connector, but for the opaque logout hint.
 *
 * @param sessionId the upstream's session id ({@code sid}), for its back-channel logout; null when it sends none
 * @param identity  the identity check, when the sign-in asked for one; else null
 * @param nhs       what NHS login traced of the person: NHS number, GP practice (kept with the sign-in only); else null
 * @param roles     the broker roles the upstream's roles and groups give (kept with the sign-in only); empty when none
 * @param groupsOverage the upstream had too many groups for its token, so none were read (Entra ID's group overage)
 * @param logoutHint what the connector needs to end this upstream session later ({@link UpstreamConnector#endSessionRedirect});
 *                   opaque outside it, and null when there is none
 */
public record UpstreamIdentity(String upstreamId, String issuer, String subject, Profile profile,
                               String acr, List<String> amr, Instant authenticatedAt, String sessionId, IdentityCheck identity,
                               NhsPatient nhs, List<String> roles, boolean groupsOverage, String logoutHint) {

    public UpstreamIdentity {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public UpstreamIdentity(String upstreamId, String issuer, String subject, Profile profile, String acr, List<String> amr,
                            Instant authenticatedAt, String sessionId) {
        this(upstreamId, issuer, subject, profile, acr, amr, authenticatedAt, sessionId, null, null, List.of(), false, null);
    }

    /** What the upstream says of the person, after claim mapping; each part may be null. */
    public record Profile(String name, String email, boolean emailVerified, String phoneNumber, boolean phoneNumberVerified) {
        public Profile(String name, String email, boolean emailVerified) {
            this(name, email, emailVerified, null, false);
        }
    }
}
