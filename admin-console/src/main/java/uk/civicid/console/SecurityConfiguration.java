package uk.civicid.console;

import jakarta.servlet.SessionCookieConfig;
import java.net.URI;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Every page needs a sign-in through the broker (OpenID Connect, code flow with PKCE); every form carries a CSRF
 * token (Spring Security's default, kept on); pages may load nothing but the console's own CSS and script.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Where a sign-in starts: straight to the broker, there is no other login. */
    static final String SIGN_IN = OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/civicid";

    /** The broker's answer when the person could not give the passkey sign-in this client requires. */
    static final String UNMET_AUTHENTICATION_REQUIREMENTS = "unmet_authentication_requirements";

    @Bean
    SecurityFilterChain console(HttpSecurity http, ClientRegistrationRepository registrations, ConsoleProperties properties)
            throws Exception {
        DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        StepUpSignIn stepUp = new StepUpSignIn(requests, properties.passkeyAcr());

        // Signing out of the console also signs out at the broker (RP-initiated logout), which sends the person
        // back to /signed-out. The broker must list that address for the console.
        OidcClientInitiatedLogoutSuccessHandler signOutAtBroker = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signOutAtBroker.setPostLogoutRedirectUri(properties.publicBase() + "/signed-out");

        URI broker = properties.brokerIssuer();
        String brokerOrigin = broker.getScheme() + "://" + broker.getAuthority();
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/signed-out", "/passkey-needed", "/refused", "/console/**", "/error").permitAll()
                        // The probes' health endpoint (no details); the chart serves it on the management port only.
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .loginPage(SIGN_IN)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(stepUp))
                        .failureHandler((request, response, failure) -> response.sendRedirect(request.getContextPath()
                                + (failure instanceof OAuth2AuthenticationException oauth
                                   && UNMET_AUTHENTICATION_REQUIREMENTS.equals(oauth.getError().getErrorCode())
                                   ? "/passkey-needed" : "/signed-out?error"))))
                // A refused request (a missing or wrong CSRF token) gets a page that says what to do, with status 403.
                .exceptionHandling(exceptions -> exceptions.accessDeniedPage("/refused"))
                // POST /logout with a CSRF token: a link or GET cannot sign someone out.
                .logout(logout -> logout.logoutSuccessHandler(signOutAtBroker))
                .headers(headers -> headers
                        // No inline script or style anywhere; forms post here, or (signing out) on to the broker.
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; "
                                + "frame-ancestors 'none'; form-action 'self' " + brokerOrigin))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        // Spring Security's default Cache-Control: no-cache, no-store on every response stays on: pages show
        // people's details and, once, client secrets.
        return http.build();
    }

    /** Behind https the session cookie is sent only over https. */
    @Bean
    ServletContextInitializer secureSessionCookie(ConsoleProperties properties) {
        return servletContext -> {
            SessionCookieConfig cookie = servletContext.getSessionCookieConfig();
            cookie.setSecure(properties.secureCookies());
        };
    }
}
