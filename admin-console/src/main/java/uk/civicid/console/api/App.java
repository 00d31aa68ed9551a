package uk.civicid.console.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A registered app as the admin API shows it (RFC 7591 metadata names, plus CivicID's). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record App(
        String clientId,
        String clientName,
        @JsonProperty("client_name#cy") String clientNameCy,
        String source,
        Boolean enabled,
        List<String> redirectUris,
        List<String> postLogoutRedirectUris,
        String backchannelLogoutUri,
        List<String> grantTypes,
        String tokenEndpointAuthMethod,
        String jwksUri,
        Map<String, Object> jwks,
        String scope,
        String subjectType,
        String sector,
        List<String> upstreams,
        Boolean requirePasskey,
        List<String> owners,
        Instant createdAt,
        /** Only in the answer to registration, once. */
        String clientSecret) {

    /** Absent flags read as the API's defaults. */
    public App {
        enabled = enabled == null || enabled;
        requirePasskey = Boolean.TRUE.equals(requirePasskey);
    }

    /** Apps configured under civicid.clients are read-only in the console. */
    public boolean configured() {
        return "configuration".equals(source);
    }

    /** It authenticates with a client secret (so the secret can be rotated), not a key or nothing. */
    public boolean hasSecret() {
        return "client_secret_basic".equals(tokenEndpointAuthMethod) || "client_secret_post".equals(tokenEndpointAuthMethod);
    }

    public AppKind kind() {
        return AppKind.of(grantTypes, tokenEndpointAuthMethod);
    }

    public List<String> redirectUrisOrEmpty() {
        return redirectUris == null ? List.of() : redirectUris;
    }

    /** The owners one a line, for the owners form. */
    public String ownerLines() {
        return owners == null ? "" : String.join("\n", owners);
    }
}
