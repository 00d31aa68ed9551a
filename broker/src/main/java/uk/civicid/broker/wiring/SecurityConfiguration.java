package uk.civicid.broker.wiring;

import java.util.List;
import java.util.Set;
import org.springframework.security.config.http.SessionCreationPolicy;
import uk.civicid.broker.admin.AdminApiConfiguration;
import uk.civicid.broker.admin.CallerController;
import uk.civicid.broker.client.AdminScopes;
import uk.civicid.broker.config.CivicIdProperties;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2TokenExchangeAuthenticationConverter;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.client.ClientAssertionKeys;
import uk.civicid.broker.client.ClientRegistrationEndpoint;
import uk.civicid.broker.oidc.AuthorizationResponses;
import uk.civicid.broker.passkey.PasskeyConfiguration;
import uk.civicid.broker.web.PasskeyRegistrationErrors;
import uk.civicid.broker.passkey.PasskeySignIn;
import uk.civicid.broker.oidc.AppLogoutResponse;
import uk.civicid.broker.oidc.BrokerLogout;
import uk.civicid.broker.oidc.ClientAuthenticationRequired;
import uk.civicid.broker.oidc.DpopIgnored;
import uk.civicid.broker.oidc.LogoutConfirmation;
import uk.civicid.broker.oidc.LoopbackPortsForPublicApps;
import uk.civicid.broker.oidc.OneClientAuthentication;
import uk.civicid.broker.oidc.OwnTokensOnly;
import uk.civicid.broker.oidc.ProviderMetadata;
import uk.civicid.broker.oidc.SignInRequirementsFilter;
import uk.civicid.broker.oidc.UserInfoClaims;
import uk.civicid.broker.session.BrokerSessions;
import uk.civicid.broker.session.EndedSessionFilter;
import uk.civicid.broker.signin.SignInRules;
import uk.civicid.broker.signin.UpstreamSignOut;
import uk.civicid.broker.federation.UpstreamRegistration;

/**
 * Every security filter chain of the broker, in the order they are tried (the first whose matcher fits a request
 * serves it): the admin API, RFC 7591/7592 registration, the OpenID provider's endpoints, then the broker's own pages.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self' http: https:; base-uri 'none'";

    /** The same security headers on every response of every chain, the framework's own error answers included. */
    private static Customizer<HeadersConfigurer<HttpSecurity>> securityHeaders() {
        return headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER));
    }

    /**
     * No observation (trace and timer) of each security filter, authentication and authorization: on the token endpoint
     * they cost about as much as everything else but signing. Requests stay timed ({@code http_server_requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** 0. The admin API: a resource server for the broker's own access tokens, scopes checked here; stateless, no CSRF (cookies give no access). */
    @Bean
    @Order(0)
    SecurityFilterChain adminApi(HttpSecurity http) throws Exception {
        String base = AdminApiConfiguration.BASE;
        http.securityMatcher(base + "/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(base + "/openapi.json").permitAll()
                        .requestMatchers(base + "/apps", base + "/apps/**", CallerController.PATH)
                        .hasAnyAuthority("SCOPE_" + AdminScopes.ADMIN, "SCOPE_" + AdminScopes.APPS)
                        .anyRequest().hasAuthority("SCOPE_" + AdminScopes.ADMIN))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .headers(securityHeaders())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> {}));
        return http.build();
    }

    /** 1. RFC 7591/7592 registration: its opaque bearer tokens are checked by the endpoint against stored hashes; stateless, no CSRF. */
    @Bean
    @Order(1)
    SecurityFilterChain clientRegistration(HttpSecurity http) throws Exception {
        http.securityMatcher(ClientRegistrationEndpoint.PATH, ClientRegistrationEndpoint.PATH + "/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .headers(securityHeaders());
        return http.build();
    }

    /** 2. The OpenID provider's endpoints: the framework's authorization server, extended through its hooks. */
    @Bean
    @Order(2)
    SecurityFilterChain providerEndpoints(HttpSecurity http, UserInfoClaims userInfoClaims, BrokerSessions sessions,
                                          Audit audit, RegisteredClientRepository clients, AuthorizationServerSettings settings,
                                          RequestCache requestCache, SecurityContextRepository contexts, CivicIdProperties properties,
                                          AuthorizationResponses authorizationResponses, ClientAssertionKeys clientAssertionKeys,
                                          SignInRules signInRules, UpstreamSignOut upstreamSignOut, ProviderMetadata providerMetadata,
                                          LogoutConfirmation logoutConfirmation)
            throws Exception {
        // The endpoints that authenticate apps, not people.
        List<String> appEndpoints = List.of(settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint(),
                settings.getTokenRevocationEndpoint());
        AppLogoutResponse logoutResponse = new AppLogoutResponse(new BrokerLogout(sessions, audit, upstreamSignOut), upstreamSignOut);
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.clientAuthentication(authentication -> authentication.authenticationProviders(providers -> providers.forEach(provider -> {
                if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
                    assertions.setJwtDecoderFactory(clientAssertionKeys); // private_key_jwt with the app's current keys
                }
            })));
            server.tokenIntrospectionEndpoint(introspection -> introspection.authenticationProviders(providers ->
                    providers.replaceAll(provider -> provider instanceof OAuth2TokenIntrospectionAuthenticationProvider
                            ? new OwnTokensOnly(provider) : provider)));
            server.authorizationEndpoint(authorization -> authorization
                    .authenticationProviders(providers -> providers.forEach(provider -> {
                        if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider requests) {
                            requests.setAuthenticationValidator(new LoopbackPortsForPublicApps());
                        }
                    }))
                    .authorizationResponseHandler(authorizationResponses)
                    .errorResponseHandler(authorizationResponses));
            // Token exchange is on in the framework by default; no app can use it, so it is off, not advertised.
            server.tokenEndpoint(token -> token
                    .accessTokenRequestConverters(converters -> converters.removeIf(OAuth2TokenExchangeAuthenticationConverter.class::isInstance))
                    .authenticationProviders(providers -> providers.removeIf(OAuth2TokenExchangeAuthenticationProvider.class::isInstance)));
            server.authorizationServerMetadataEndpoint(metadata -> metadata.authorizationServerMetadataCustomizer(providerMetadata::describe));
            server.oidc(oidc -> oidc
                    .providerConfigurationEndpoint(discovery -> discovery.providerConfigurationCustomizer(metadata -> {
                        providerMetadata.describe(metadata);
                        metadata.idTokenSigningAlgorithms(algorithms -> algorithms.add("ES256"));
                    }))
                    .userInfoEndpoint(userInfo -> userInfo.userInfoMapper(userInfoClaims))
                    .logoutEndpoint(logout -> logout.logoutResponseHandler(logoutResponse).errorResponseHandler(logoutConfirmation)));
        });
        http.addFilterBefore(new DpopIgnored(settings.getTokenEndpoint()), SecurityContextHolderFilter.class);
        http.addFilterBefore(new OneClientAuthentication(Set.copyOf(appEndpoints)), SecurityContextHolderFilter.class);
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // After the framework has validated the authorization request, before access is decided.
                .addFilterBefore(new SignInRequirementsFilter(settings, clients, signInRules, authorizationResponses), AuthorizationFilter.class)
                .requestCache(cache -> cache.requestCache(requestCache))
                .securityContext(context -> context.securityContextRepository(contexts))
                // A browser that is not signed in is sent to choose a login, then returned here.
                // Apps get an OAuth error at the endpoints that authenticate them; only a browser is sent to sign in.
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new ClientAuthenticationRequired(), new OrRequestMatcher(appEndpoints.stream()
                                .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(path)).toList()))
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/signin"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .headers(securityHeaders())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> {}));
        return http.build();
    }

    /** 3. Everything else: the broker's pages (sign-in, account, passkeys, logout), with CSRF, CSP and the session. */
    @Bean
    @Order(3)
    SecurityFilterChain brokerPages(HttpSecurity http, BrokerSessions sessions, Audit audit, RequestCache requestCache,
                                    SecurityContextRepository contexts, CivicIdProperties properties, AccountRepository accounts,
                                    UpstreamSignOut upstreamSignOut) throws Exception {
        PasskeySignIn passkeySignIn = new PasskeySignIn(sessions, contexts, requestCache, properties.passkeys().acr(), audit, accounts);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/account/**", "/webauthn/register/**", "/webauthn/register").authenticated()
                        .anyRequest().permitAll())
                .webAuthn(webAuthn -> webAuthn
                        .rpId(PasskeyConfiguration.rpId(properties))
                        .rpName(properties.passkeys().rpName())
                        .allowedOrigins(PasskeyConfiguration.allowedOrigins(properties))
                        .disableDefaultRegistrationPage(true)
                        .withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
                            @Override
                            public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
                                // The passkey's own authentication stays out of the session: PasskeySignIn
                                // replaces it with the broker's principal, building on who was signed in.
                                filter.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
                                filter.setAuthenticationSuccessHandler(passkeySignIn);
                                return filter;
                            }
                        }))
                .addFilterBefore(new PasskeyRegistrationErrors(), AuthorizationFilter.class)
                .requestCache(cache -> cache.requestCache(requestCache))
                .securityContext(context -> context.securityContextRepository(contexts))
                // Before anonymous sign-in fills an emptied context, so an ended session reads as signed out.
                .addFilterBefore(new EndedSessionFilter(sessions), AnonymousAuthenticationFilter.class)
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/signin")))
                .csrf(csrf -> csrf.ignoringRequestMatchers("/demo-idp/token", UpstreamRegistration.BACKCHANNEL_LOGOUT_PATH + "*"))
                .logout(logout -> logout.logoutUrl("/logout")
                        .addLogoutHandler(new BrokerLogout(sessions, audit, upstreamSignOut))
                        .logoutSuccessHandler((request, response, authentication) ->
                                upstreamSignOut.redirect(request, response, UpstreamSignOut.SIGNED_OUT)))
                .headers(securityHeaders());
        return http.build();
    }
}
