package uk.civicid.console.api;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** An upstream login (identity provider) as the admin API shows it; its secrets are never returned. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Upstream(
        String id,
        Map<String, String> displayName,
        String issuer,
        String clientId,
        String clientAuthentication,
        List<String> scopes,
        Map<String, String> claims,
        String acr,
        List<String> amr,
        List<String> algorithms,
        String userinfo,
        String profile,
        List<String> vtr,
        UpstreamChange.Identity identity,
        /** Entra ID's tenants whose people may sign in, and its app roles or group IDs → broker roles. */
        List<String> allowedTenants,
        Map<String, String> roles,
        Boolean enabled,
        String source,
        Boolean hasClientSecret,
        /** What to register at the upstream for this broker (the broker says; the console only shows them). */
        String redirectUri,
        String backchannelLogoutUri,
        String postLogoutRedirectUri,
        /** Only when the broker's own client keys sign for it (private_key_jwt without a key of its own). */
        String clientJwksUri) {

    public Upstream {
        enabled = enabled == null || enabled;
        hasClientSecret = Boolean.TRUE.equals(hasClientSecret);
    }


    public boolean configured() {
        return "configuration".equals(source);
    }

    public String name(String language) {
        if (displayName == null) {
            return id;
        }
        return displayName.getOrDefault(language, displayName.getOrDefault("en", id));
    }
}
