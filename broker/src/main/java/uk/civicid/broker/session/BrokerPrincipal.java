package uk.civicid.broker.session;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import uk.civicid.broker.identity.IdentityCheck;
import uk.civicid.broker.identity.NhsPatient;

/**
 * Who is signed in to the broker in this browser, and how: the small principal kept in the HTTP
 * session. Never the upstream's user object or tokens.
 *
 * @param sessionId the broker session ({@code sid} in ID tokens and logout tokens)
 * @param identity  the identity check made at this sign-in, for an app that asked for a verified identity; null when
 *                  none was asked for. Kept with the sign-in only, never with the account: proved again at each sign-in
 * @param nhs       what NHS login traced of the person at this sign-in (NHS number, GP practice), or null; kept with the
 *                  sign-in only, like the identity
 * @param roles     the broker roles the upstream gave at this sign-in (Entra ID's app roles and groups, mapped); kept with
 *                  the sign-in only, so a role removed at the upstream is gone at the next sign-in
 */
public record BrokerPrincipal(String accountId, String sessionId, String upstreamId, String acr, List<String> amr,
                              Instant authTime, IdentityCheck identity, NhsPatient nhs, List<String> roles) implements Serializable {

    public BrokerPrincipal {
        amr = List.copyOf(amr);
        roles = roles == null ? List.of() : List.copyOf(roles); // none in an authorization stored before roles were kept
    }

    @Override
    public String toString() {
        return "BrokerPrincipal[" + accountId + ", " + upstreamId + ", " + acr + "]"; // never the NHS details
    }

    public BrokerPrincipal(String accountId, String sessionId, String upstreamId, String acr, List<String> amr, Instant authTime) {
        this(accountId, sessionId, upstreamId, acr, amr, authTime, null, null, List.of());
    }
}
