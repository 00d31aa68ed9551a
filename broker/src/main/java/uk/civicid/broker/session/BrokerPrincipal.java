package uk.civicid.broker.session;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Who is signed in to the broker in this browser, and how: the small principal kept in the HTTP
 * session. Never the upstream's user object or tokens.
 *
 * @param sessionId the broker session ({@code sid} in ID tokens and logout tokens)
 */
public record BrokerPrincipal(String accountId, String sessionId, String upstreamId, String acr, List<String> amr,
                              Instant authTime) implements Serializable {

    public BrokerPrincipal {
        amr = List.copyOf(amr);
    }
}
