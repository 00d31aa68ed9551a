package uk.civicid.console.apps;

import org.springframework.security.oauth2.client.registration.ClientRegistration;

/** The broker's addresses an app needs, from the broker's own discovery document (read at the console's start). */
record BrokerEndpoints(String issuer, String discovery, String authorization, String token, String userinfo,
                       String jwks, String endSession) {

    static BrokerEndpoints of(String issuer, ClientRegistration.ProviderDetails provider) {
        Object endSession = provider.getConfigurationMetadata().get("end_session_endpoint");
        return new BrokerEndpoints(issuer, issuer + "/.well-known/openid-configuration", provider.getAuthorizationUri(),
                provider.getTokenUri(), provider.getUserInfoEndpoint().getUri(), provider.getJwkSetUri(),
                endSession == null ? null : endSession.toString());
    }
}
