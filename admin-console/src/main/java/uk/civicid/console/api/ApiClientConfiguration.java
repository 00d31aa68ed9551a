package uk.civicid.console.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import uk.civicid.console.ConsoleProperties;

/** The RestClient for the admin API: the broker's address and the signed-in person's access token. */
@Configuration(proxyBeanMethods = false)
class ApiClientConfiguration {

    /** The console's one client registration at the broker. */
    static final String REGISTRATION = "civicid";

    /**
     * Gives the person's authorized client (from their sign-in), refreshing an expired access token with the refresh
     * token when there is one; without a usable token it asks for a new sign-in (ClientAuthorizationRequiredException).
     */
    @Bean
    OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
                                                          OAuth2AuthorizedClientRepository authorizedClients) {
        return new DefaultOAuth2AuthorizedClientManager(registrations, authorizedClients);
    }

    @Bean
    RestClient adminApiClient(RestClient.Builder builder, ConsoleProperties properties,
                              OAuth2AuthorizedClientManager authorizedClientManager,
                              OAuth2AuthorizedClientRepository authorizedClients) {
        OAuth2ClientHttpRequestInterceptor bearer = new OAuth2ClientHttpRequestInterceptor(authorizedClientManager);
        bearer.setClientRegistrationIdResolver(request -> REGISTRATION);
        // A 401 invalid_token (or 403 insufficient_scope) forgets the token, so the next request signs in afresh.
        bearer.setAuthorizationFailureHandler(OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClients));
        return builder.clone()
                .baseUrl(properties.broker() + "/admin/api")
                .requestInterceptor(bearer)
                .build();
    }
}
