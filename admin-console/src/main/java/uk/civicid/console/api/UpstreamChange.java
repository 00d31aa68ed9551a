package uk.civicid.console.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What the console sends to add or change an upstream login. The secrets are write-only: absent (null) keeps the
 * current one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamChange(
        String id,
        Map<String, String> displayName,
        String issuer,
        String clientId,
        String clientAuthentication,
        String clientSecret,
        String privateKeyJwk,
        List<String> scopes,
        Map<String, String> claims,
        String acr,
        List<String> amr,
        List<String> algorithms,
        /** auto, always or never: sent always, so a change keeps it. */
        String userinfo,
        /** generic, gov-uk-one-login, nhs-login or entra-id: sent always, so a change keeps it. */
        String profile,
        List<String> vtr,
        /** Identity proving (GOV.UK One Login, NHS login), or null for none: sent always, so a change keeps it. */
        Identity identity,
        /** Entra ID's allowed tenants and role mapping, or null for none: sent always, so a change keeps them. */
        List<String> allowedTenants,
        Map<String, String> roles) {

    /** How the upstream proves identities: One Login's core identity issuer, vectors and claims; NHS login's vectors only. */
    public record Identity(String issuer, List<String> vtr, List<String> claims) {}

    @Override
    public String toString() {
        return "UpstreamChange[id=" + id + ", issuer=" + issuer + ", secrets hidden]";
    }
}
