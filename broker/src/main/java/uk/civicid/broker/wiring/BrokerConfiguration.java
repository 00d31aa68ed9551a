package uk.civicid.broker.wiring;

import uk.civicid.broker.config.CivicIdProperties;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import uk.civicid.broker.Refresher;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.oidc.ActiveAccounts;
import uk.civicid.broker.client.ClientSecretHashes;
import uk.civicid.broker.oidc.AuthorizationResponses;
import uk.civicid.broker.oidc.RefreshTokenReuse;
import uk.civicid.broker.oidc.BackChannelLogout;
import uk.civicid.broker.oidc.BrokerClaims;
import uk.civicid.broker.oidc.IdentityRelease;
import uk.civicid.broker.oidc.PairwiseSubjects;
import uk.civicid.broker.keys.SigningKeyRepository;
import uk.civicid.broker.keys.PublishedKeys;
import uk.civicid.broker.federation.UpstreamClientKeys;
import uk.civicid.broker.federation.Upstreams;
import uk.civicid.broker.oidc.UserInfoClaims;
import uk.civicid.broker.session.BrokerSessions;
import uk.civicid.broker.session.UntrackedSessionRegistry;

/** The broker's shared parts: clock, HTTP client, keys, token claims, cookies. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CivicIdProperties.class)
public class BrokerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** For calls to upstreams and apps: bounded connect time, and redirects never followed. */
    @Bean
    HttpClient outboundHttpClient(CivicIdProperties properties) {
        return HttpClient.newBuilder()
                .connectTimeout(properties.federation().httpTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Checks client secrets at the token endpoint (the framework takes this bean) and hashes the secrets the broker
     * generates for apps ({sha256}); configured apps give {bcrypt} hashes. See {@link ClientSecretHashes}.
     */
    @Bean
    PasswordEncoder clientSecretEncoder() {
        return new ClientSecretHashes();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(CivicIdProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer().toString().replaceAll("/$", "")).build();
    }

    @Bean
    PublishedKeys jwkSource(SigningKeyRepository keys, Clock clock, CivicIdProperties properties) {
        CivicIdProperties.Tokens tokens = properties.tokens();
        // ID tokens live as long as the framework's default (30 minutes) or the access token, whichever is longer.
        Duration longestTokenLife = tokens.accessTokenTtl().compareTo(Duration.ofMinutes(30)) > 0 ? tokens.accessTokenTtl() : Duration.ofMinutes(30);
        return new PublishedKeys(keys, clock, tokens.signingKeyRotation(), tokens.signingKeyRefresh(), longestTokenLife);
    }

    @Bean
    Refresher signingKeysRefresher(PublishedKeys keys, CivicIdProperties properties) {
        return new Refresher("signing_keys", properties.tokens().signingKeyRefresh(), keys::rotateAndRefresh);
    }

    @Bean
    Refresher upstreamClientKeysRefresher(UpstreamClientKeys keys, CivicIdProperties properties) {
        return new Refresher("upstream_client_keys", properties.tokens().signingKeyRefresh(), keys::refresh);
    }

    @Bean
    Refresher upstreamsRefresher(Upstreams upstreams, CivicIdProperties properties) {
        return new Refresher("upstreams", properties.federation().upstreamRefresh(), upstreams::refresh);
    }

    @Bean
    JwtEncoder jwtEncoder(PublishedKeys keys) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(keys);
        encoder.setJwkSelector(keys::signingKey); // while a rotation is under way, two keys of an algorithm are published
        return encoder;
    }

    /**
     * Validates the broker's own access tokens at its userinfo endpoint: its signature, its issuer, and the RFC 9068
     * {@code typ}, so an ID token or logout token cannot be presented as an access token.
     */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, AuthorizationServerSettings settings) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
                .jwsAlgorithm(SignatureAlgorithm.RS256).jwsAlgorithm(SignatureAlgorithm.ES256).build(); // an app's signing algorithm
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(
                new JwtIssuerValidator(settings.getIssuer()), new JwtTypeValidator(List.of("at+jwt", "application/at+jwt"))));
        return decoder;
    }

    /** The store's authorizations behind refresh-token reuse detection and the disabled-account check; the framework is given this one. */
    @Bean
    @Primary
    OAuth2AuthorizationService authorizationService(@Qualifier("storedAuthorizations") OAuth2AuthorizationService stored, Audit audit,
                                                    AccountRepository accounts) {
        return new RefreshTokenReuse(new ActiveAccounts(stored, accounts), audit);
    }

    @Bean
    AuthorizationResponses authorizationResponses(AuthorizationServerSettings settings) {
        return new AuthorizationResponses(settings.getIssuer());
    }

    @Bean
    SessionRegistry sessionRegistry() {
        return new UntrackedSessionRegistry();
    }

    @Bean
    PairwiseSubjects pairwiseSubjects(CivicIdProperties properties) {
        return new PairwiseSubjects(properties.pairwiseSecret());
    }

    @Bean
    IdentityRelease identityRelease(Audit audit) {
        return new IdentityRelease(audit);
    }

    @Bean
    BrokerClaims brokerClaims(PairwiseSubjects subjects, BrokerSessions sessions, MeterRegistry meters, IdentityRelease identities) {
        return new BrokerClaims(subjects, sessions, meters, identities);
    }

    @Bean
    UserInfoClaims userInfoClaims(AccountRepository accounts, RegisteredClientRepository clients, PairwiseSubjects subjects,
                                  IdentityRelease identities) {
        return new UserInfoClaims(accounts, clients, subjects, identities);
    }

    @Bean
    BackChannelLogout backChannelLogout(RegisteredClientRepository clients, JwtEncoder encoder, HttpClient outboundHttpClient,
                                        CivicIdProperties properties, PairwiseSubjects subjects, Audit audit, Clock clock) {
        return new BackChannelLogout(clients, encoder, outboundHttpClient, properties, subjects, audit, clock);
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    RequestCache requestCache() {
        return new HttpSessionRequestCache();
    }

    /**
     * The broker's session cookie: its own name (apps on the same host must not share it), HttpOnly,
     * SameSite=Lax so the upstream's redirect back still carries it, Secure whenever the issuer is https.
     */
    @Bean
    CookieSerializer cookieSerializer(CivicIdProperties properties) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName("CIVICID_SESSION");
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        cookie.setUseSecureCookie("https".equals(properties.issuer().getScheme()));
        cookie.setUseBase64Encoding(false);
        return cookie;
    }
}
