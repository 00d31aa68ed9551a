package uk.civicid.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.client.OidcBackChannelLogoutHandler;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.oidc.session.InMemoryOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.HttpSessionEventPublisher;

/**
 * Two filter chains: {@code /api/**} accepts only the broker's access tokens; everything else is the
 * browser app, signed in with OpenID Connect.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** The API: bearer tokens only, no session. First, so API requests never reach the browser chain. */
    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // A missing or invalid token gets 401 with a WWW-Authenticate header (RFC 6750).
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Nothing here is authenticated by a cookie, so there is nothing for CSRF to exploit.
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** Checks the API's access tokens: the broker's JWT access token profile (RFC 9068). */
    @Bean
    JwtDecoder accessTokenDecoder(@Value("${sample.broker-issuer}") String issuer,
                                  @Value("${sample.client-id}") String clientId) {
        // Built on first use: the keys' address (jwks_uri) comes from the broker's discovery document.
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
            // typ must be at+jwt (so an ID token cannot be used as an access token), iss must be the
            // broker exactly, aud must include this app, and exp, iat, sub, jti and client_id must be present.
            decoder.setJwtValidator(JwtValidators.createAtJwtValidator().issuer(issuer).audience(clientId).build());
            return decoder;
        });
    }

    /** The browser app. */
    @Bean
    @Order(2)
    SecurityFilterChain webSecurity(HttpSecurity http, ClientRegistrationRepository registrations,
                                    @Value("${server.servlet.session.cookie.name}") String sessionCookieName,
                                    @Value("${sample.back-channel-logout-uri}") String backChannelLogoutUri)
            throws Exception {
        // Remembers which of our sessions belong to which broker session (the ID token's sid), so a
        // logout token can find them. In memory: one app instance; several instances need a shared store.
        OidcSessionRegistry oidcSessions = new InMemoryOidcSessionRegistry();

        // Back-channel logout: the broker POSTs a signed logout token to
        // {baseUrl}/logout/connect/back-channel/civicid (no cookie, no CSRF token). Spring Security checks
        // it, then ends each matching session by calling this app again at backChannelLogoutUri, presenting
        // that session's cookie. So it must use our cookie name, not the default JSESSIONID.
        OidcBackChannelLogoutHandler backChannelLogout = new OidcBackChannelLogoutHandler(oidcSessions);
        backChannelLogout.setSessionCookieName(sessionCookieName);
        backChannelLogout.setLogoutUri(backChannelLogoutUri);

        // Signing out here also signs out at the broker (RP-initiated logout), which then sends the
        // person back to our /signed-out page. The broker must list that address for this app.
        OidcClientInitiatedLogoutSuccessHandler signOutAtBroker = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signOutAtBroker.setPostLogoutRedirectUri("{baseUrl}/signed-out");

        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/signed-out", "/sample/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        // No "choose a provider" page: go straight to the broker. Spring Security 7 adds
                        // PKCE (S256) and a nonce to the request without further configuration.
                        .loginPage("/oauth2/authorization/civicid")
                        .failureUrl("/signed-out?error"))
                // POST /logout with a CSRF token (a link or GET cannot sign someone out).
                .logout(logout -> logout.logoutSuccessHandler(signOutAtBroker))
                .oidcLogout(oidc -> oidc
                        .oidcSessionRegistry(oidcSessions)
                        .backChannel(backChannel -> backChannel.logoutHandler(backChannelLogout)));
        return http.build();
    }

    /**
     * Tells Spring Security when a session ends (signed out, timed out) or changes id, so the registry
     * above forgets it rather than keeping every session that ever signed in.
     */
    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }
}
