package uk.civicid.broker.signin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.config.CivicIdProperties.LocalisedText;
import uk.civicid.broker.config.CivicIdProperties.SubjectType;
import uk.civicid.broker.session.BrokerPrincipal;

/** The values the sign-in checks are asked about, built in one line each. */
final class Attempts {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final String PASSKEY_ACR = "http://eidas.europa.eu/LoA/high";

    private Attempts() {}

    /** An authorization request with these parameters, each {@code name=value}, besides client_id. */
    static SignInRequest request(String... parameters) {
        Map<String, String[]> map = new LinkedHashMap<>();
        map.put("client_id", new String[] {"app"});
        for (String parameter : parameters) {
            String[] pair = parameter.split("=", 2);
            map.put(pair[0], new String[] {pair[1]});
        }
        return SignInRequest.of(map);
    }

    /** An app accepting these upstreams (none: every one). */
    static ClientPolicy app(boolean requirePasskey, String... upstreams) {
        return new ClientPolicy(new LocalisedText("App", null), List.of(upstreams), null, SubjectType.PUBLIC, "app", requirePasskey);
    }

    /** An app granted the identity scope that takes a verified identity of this level (low, medium, high) or above. */
    static ClientPolicy identityApp(String level) {
        return new ClientPolicy(new LocalisedText("App", null), List.of(), null, SubjectType.PUBLIC, "app", false, level, List.of());
    }

    static BrokerPrincipal signedInWith(String upstreamId, Instant authTime, String... amr) {
        return new BrokerPrincipal("account-1", "session-1", upstreamId, "http://eidas.europa.eu/LoA/low", List.of(amr), authTime);
    }

    static SignInAttempt attempt(SignInRequest request, ClientPolicy app, BrokerPrincipal principal) {
        return new SignInAttempt(request, app, principal, null);
    }
}
