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
        Boolean enabled,
        String source,
        Boolean hasClientSecret) {

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
