package uk.civicid.console.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** What the console sends to register an app or replace its editable metadata. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppMetadata(
        String clientName,
        @JsonProperty("client_name#cy") String clientNameCy,
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
        boolean requirePasskey) {}
