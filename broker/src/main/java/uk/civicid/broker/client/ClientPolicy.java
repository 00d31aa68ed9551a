package uk.civicid.broker.client;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import uk.civicid.broker.config.CivicIdProperties.LocalisedText;
import uk.civicid.broker.config.CivicIdProperties.SubjectType;
import uk.civicid.broker.identity.VerifiedClaims;

/**
 * CivicID's per-app policy, kept in the registered client's settings so it travels with the client
 * through every store. The setting names are defined here and nowhere else.
 */
public record ClientPolicy(LocalisedText name, List<String> acceptedUpstreams, URI backchannelLogoutUri,
                           SubjectType subjectType, String sector, boolean requirePasskey, String identityLevel,
                           List<String> resourceServers) {

    public ClientPolicy {
        resourceServers = resourceServers == null ? List.of() : List.copyOf(resourceServers); // none in a policy stored before
    }

    /**
     * An app that takes a verified identity of any level and whose access tokens are for itself alone (every registered
     * app: they cannot have the identity scope or name resource servers).
     */
    public ClientPolicy(LocalisedText name, List<String> acceptedUpstreams, URI backchannelLogoutUri, SubjectType subjectType,
                        String sector, boolean requirePasskey) {
        this(name, acceptedUpstreams, backchannelLogoutUri, subjectType, sector, requirePasskey, VerifiedClaims.LEVELS.get(0), List.of());
    }

    /** Passkey sign-ins are accepted by every app, whatever upstream logins it lists: the passkey belongs to an account. */
    public static final String PASSKEY = "passkey";

    private static final String KEY = "civicid.policy";

    public ClientSettings.Builder writeTo(ClientSettings.Builder settings) {
        return settings.setting(KEY, this);
    }

    public static ClientPolicy of(RegisteredClient client) {
        ClientPolicy policy = client.getClientSettings().getSetting(KEY);
        return policy != null ? policy
                : new ClientPolicy(new LocalisedText(client.getClientName(), null), List.of(), null, SubjectType.PUBLIC,
                client.getClientId(), false);
    }

    /** Whether a sign-in made with this upstream (or a passkey) is one this app takes. */
    public boolean accepts(String upstreamId) {
        return acceptedUpstreams.isEmpty() || acceptedUpstreams.contains(upstreamId) || PASSKEY.equals(upstreamId);
    }

    public String displayName(Locale locale) {
        return name.in(locale);
    }
}
