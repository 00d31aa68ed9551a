package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import uk.civicid.broker.client.ClientCatalogue;
import uk.civicid.broker.client.ConfiguredClients;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.oidc.AccountAuthorizations;
import uk.civicid.broker.session.BrokerAuthentication;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.store.memory.MemoryAuthorizationRecords;
import uk.civicid.broker.store.memory.MemoryAppRepository;
import uk.civicid.broker.store.redis.RedisAuthorizationConsentService;
import uk.civicid.broker.store.redis.RedisAuthorizationRecords;
import uk.civicid.broker.store.redis.RedisKeys;
import uk.civicid.broker.store.redis.RedisAppRepository;
import uk.civicid.broker.testsupport.RedisStores;

/**
 * What every store of the framework's authorizations, consents and clients must do: give back exactly what was
 * saved, find tokens only by their current value, and forget authorizations when their last token expires.
 */
abstract class AuthorizationServiceContract {

    static final RegisteredClient CLIENT = ConfiguredClients.from(new Binder(new MapConfigurationPropertySource(Map.of(
            "civicid.issuer", "https://id.council.example",
            "civicid.pairwise-secret", "0123456789abcdef0123456789abcdef",
            "civicid.clients[0].client-id", "tax",
            "civicid.clients[0].name.en", "Council Tax",
            "civicid.clients[0].name.cy", "Treth Gyngor",
            "civicid.clients[0].client-secret-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("tax-secret"),
            "civicid.clients[0].redirect-uris[0]", "https://tax.council.example/callback",
            "civicid.clients[0].subject-type", "pairwise",
            "civicid.clients[0].grant-types[0]", "authorization_code",
            "civicid.clients[0].grant-types[1]", "refresh_token")))
            .bind("civicid", CivicIdProperties.class).get()).get(0);

    static final CivicIdProperties.Tokens TOKENS = new Binder(new MapConfigurationPropertySource(Map.of("civicid.issuer", "https://id.council.example")))
            .bind("civicid", CivicIdProperties.class).get().tokens();

    abstract OAuth2AuthorizationService authorizations(RegisteredClientRepository clients);

    abstract RegisteredClientRepository clients();

    abstract OAuth2AuthorizationConsentService consents();

    /** A store of authorizations whose client repository holds {@link #CLIENT}. */
    OAuth2AuthorizationService storeWithClient() {
        RegisteredClientRepository clients = clients();
        clients.save(CLIENT);
        return authorizations(clients);
    }

    static OAuth2Authorization authorization(String suffix, Duration life) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BrokerPrincipal person = new BrokerPrincipal("account-" + suffix, "sid-" + suffix, "council",
                "http://eidas.europa.eu/LoA/substantial", List.of("fed", "pwd"), now);
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("https://id.council.example/oauth2/authorize").clientId("tax")
                .redirectUri("https://tax.council.example/callback").scopes(Set.of("openid", "profile")).state("st")
                .additionalParameters(Map.of("nonce", "n-" + suffix, "code_challenge", "ch", "code_challenge_method", "S256"))
                .build();
        Map<String, Object> idClaims = Map.of("iss", "https://id.council.example", "sub", "pairwise-" + suffix, "aud", List.of("tax"),
                "amr", List.of("fed", "pwd"), "sid", "sid-" + suffix, "iat", now, "exp", now.plus(life));
        return OAuth2Authorization.withRegisteredClient(CLIENT)
                .id("authz-" + suffix)
                .principalName(person.accountId())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizedScopes(Set.of("openid", "profile"))
                .attribute(Principal.class.getName(), new BrokerAuthentication(person))
                .attribute(OAuth2AuthorizationRequest.class.getName(), request)
                .attribute("state", "consent-" + suffix) // the framework's while the person is asked to consent
                .token(new OAuth2AuthorizationCode("code-" + suffix, now, now.plus(Duration.ofMinutes(2))))
                .token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-" + suffix, now, now.plus(life), Set.of("openid")),
                        m -> m.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, Map.of("sub", "pairwise-" + suffix, "scope", List.of("openid"))))
                .token(new OAuth2RefreshToken("refresh-" + suffix, now, now.plus(life)))
                .token(new OidcIdToken("id-" + suffix, now, now.plus(life), idClaims),
                        m -> m.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idClaims))
                .build();
    }

    @Test
    void anAuthorization_comesBackAsSaved_byIdAndByEachToken() {
        OAuth2AuthorizationService store = storeWithClient();
        OAuth2Authorization saved = authorization("1", Duration.ofHours(1));
        store.save(saved);

        OAuth2Authorization found = store.findById("authz-1");
        assertThat(found.getPrincipalName()).isEqualTo("account-1");
        assertThat(found.getAuthorizedScopes()).isEqualTo(Set.of("openid", "profile"));
        assertThat(((BrokerAuthentication) found.getAttribute(Principal.class.getName())).getPrincipal())
                .isEqualTo(((BrokerAuthentication) saved.getAttribute(Principal.class.getName())).getPrincipal());
        OAuth2AuthorizationRequest request = found.getAttribute(OAuth2AuthorizationRequest.class.getName());
        OAuth2AuthorizationRequest asked = saved.getAttribute(OAuth2AuthorizationRequest.class.getName());
        assertThat(request.getAdditionalParameters()).isEqualTo(asked.getAdditionalParameters()).containsEntry("nonce", "n-1");
        assertThat(request.getAuthorizationRequestUri()).isEqualTo(asked.getAuthorizationRequestUri());
        assertThat(List.of(request.getClientId(), request.getRedirectUri(), request.getState(), request.getAuthorizationUri()))
                .isEqualTo(List.of("tax", "https://tax.council.example/callback", "st", "https://id.council.example/oauth2/authorize"));
        assertThat(request.getScopes()).isEqualTo(Set.of("openid", "profile"));
        assertThat(request.getGrantType()).isEqualTo(AuthorizationGrantType.AUTHORIZATION_CODE);
        assertThat(store.findByToken("consent-1", new OAuth2TokenType("state")).getId()).isEqualTo("authz-1");
        assertThat(found.getToken(OidcIdToken.class).getToken().getClaims()).containsEntry("sid", "sid-1")
                .containsEntry("amr", List.of("fed", "pwd"));
        assertThat(found.getToken(OAuth2AccessToken.class).getToken().getScopes()).containsExactly("openid");

        assertThat(store.findByToken("code-1", new OAuth2TokenType("code")).getId()).isEqualTo("authz-1");
        assertThat(store.findByToken("access-1", OAuth2TokenType.ACCESS_TOKEN).getId()).isEqualTo("authz-1");
        assertThat(store.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN).getId()).isEqualTo("authz-1");
        assertThat(store.findByToken("id-1", new OAuth2TokenType("id_token")).getId()).isEqualTo("authz-1");
        assertThat(store.findByToken("refresh-1", null).getId()).isEqualTo("authz-1");
        assertThat(store.findByToken("access-1", OAuth2TokenType.REFRESH_TOKEN)).isNull();
    }

    @Test
    void aPersonsAuthorizations_areFoundByAccount_untilRemoved() {
        OAuth2AuthorizationService store = storeWithClient();
        OAuth2Authorization first = authorization("idx", Duration.ofHours(1));
        OAuth2Authorization second = OAuth2Authorization.from(authorization("idx", Duration.ofHours(2))).id("authz-idx-2").build();
        store.save(first);
        store.save(second);
        store.save(authorization("other", Duration.ofHours(1)));
        AccountAuthorizations byAccount = (AccountAuthorizations) store;
        assertThat(byAccount.findByAccount("account-idx")).extracting(OAuth2Authorization::getId)
                .containsExactlyInAnyOrder("authz-idx", "authz-idx-2");
        store.remove(first);
        assertThat(byAccount.findByAccount("account-idx")).extracting(OAuth2Authorization::getId).containsExactly("authz-idx-2");
        assertThat(byAccount.findByAccount("account-nobody")).isEmpty();
    }

    @Test
    void aRotatedRefreshToken_isNoLongerFound_andRemovedAuthorizationsAreGone() {
        OAuth2AuthorizationService store = storeWithClient();
        OAuth2Authorization first = authorization("2", Duration.ofHours(1));
        store.save(first);
        Instant now = Instant.now();
        store.save(OAuth2Authorization.from(first).token(new OAuth2RefreshToken("refresh-2b", now, now.plus(Duration.ofHours(1)))).build());
        assertThat(store.findByToken("refresh-2", OAuth2TokenType.REFRESH_TOKEN)).isNull();
        assertThat(store.findByToken("refresh-2b", OAuth2TokenType.REFRESH_TOKEN).getId()).isEqualTo("authz-2");

        store.remove(store.findById("authz-2"));
        assertThat(store.findById("authz-2")).isNull();
        assertThat(store.findByToken("refresh-2b", OAuth2TokenType.REFRESH_TOKEN)).isNull();
    }

    @Test
    void anAuthorization_isForgottenWhenItsLastTokenExpires() throws Exception {
        OAuth2AuthorizationService store = storeWithClient();
        Instant now = Instant.now();
        store.save(OAuth2Authorization.from(authorization("3", Duration.ofMinutes(1)))
                .token(new OAuth2AuthorizationCode("code-3", now, now.plusMillis(600)))
                .token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-3", now, now.plusMillis(600)))
                .token(new OAuth2RefreshToken("refresh-3", now, now.plusMillis(600)))
                .token(new OidcIdToken("id-3", now, now.plusMillis(600), Map.of("sub", "s")))
                .build());
        assertThat(store.findById("authz-3")).isNotNull();
        Thread.sleep(1200);
        assertThat(store.findById("authz-3")).isNull();
        assertThat(store.findByToken("access-3", null)).isNull();
    }

    /** A JWT access token as the framework saves a client_credentials grant's (claims, format and all). */
    static OAuth2Authorization appAuthorization(String suffix, Duration life) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://id.council.example").subject("tax").audience("tax")
                .claim("client_id", "tax").claim("scope", List.of("reports.read")).jwtID("jti-" + suffix)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(life))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        jwt.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
        OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt.serialize(), now, now.plus(life),
                Set.of("reports.read"));
        return OAuth2Authorization.withRegisteredClient(CLIENT).id("app-authz-" + suffix).principalName("tax")
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).authorizedScopes(Set.of("reports.read"))
                .token(token, m -> {
                    m.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, Map.of("sub", "tax"));
                    m.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, false);
                    m.put(OAuth2TokenFormat.class.getName(), OAuth2TokenFormat.SELF_CONTAINED.getValue());
                })
                .build();
    }

    @Test
    void anAppsToken_isFoundByItsValue_withTheClaimsItCarries_untilRevoked() throws Exception {
        OAuth2AuthorizationService store = storeWithClient();
        OAuth2Authorization saved = appAuthorization("6", Duration.ofMinutes(5));
        String value = saved.getAccessToken().getToken().getTokenValue();
        store.save(saved);

        OAuth2Authorization found = store.findByToken(value, null);
        assertThat(found.getId()).isEqualTo("app-authz-6");
        assertThat(found.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.CLIENT_CREDENTIALS);
        assertThat(found.getAuthorizedScopes()).containsExactly("reports.read");
        OAuth2Authorization.Token<OAuth2AccessToken> token = found.getAccessToken();
        assertThat(token.isActive()).isTrue();
        assertThat(token.getToken().getExpiresAt()).isEqualTo(saved.getAccessToken().getToken().getExpiresAt());
        assertThat(token.getClaims()).containsEntry("jti", "jti-6").containsEntry("client_id", "tax")
                .containsEntry("exp", saved.getAccessToken().getToken().getExpiresAt());
        assertThat(store.findByToken(value, OAuth2TokenType.ACCESS_TOKEN).getId()).isEqualTo("app-authz-6");
        assertThat(store.findByToken(value, OAuth2TokenType.REFRESH_TOKEN)).isNull();
        assertThat(store.findByToken(value.substring(0, value.length() - 2) + "AA", null)).isNull(); // another signature

        store.save(OAuth2Authorization.from(found).invalidate(token.getToken()).build());
        assertThat(store.findByToken(value, null).getAccessToken().isActive()).isFalse();
        store.remove(store.findByToken(value, null));
        assertThat(store.findByToken(value, null)).isNull();
    }

    @Test
    void anAppsToken_isForgottenWhenItExpires() throws Exception {
        OAuth2AuthorizationService store = storeWithClient();
        OAuth2Authorization saved = appAuthorization("7", Duration.ofSeconds(1));
        store.save(saved);
        assertThat(store.findByToken(saved.getAccessToken().getToken().getTokenValue(), null)).isNotNull();
        Thread.sleep(1300);
        assertThat(store.findByToken(saved.getAccessToken().getToken().getTokenValue(), null)).isNull();
    }

    @Test
    void aConsent_comesBackAsSaved_andCanBeWithdrawn() {
        OAuth2AuthorizationConsentService consents = consents();
        OAuth2AuthorizationConsent consent = OAuth2AuthorizationConsent.withId("tax", "account-4")
                .authority(new SimpleGrantedAuthority("SCOPE_profile")).authority(new SimpleGrantedAuthority("SCOPE_email")).build();
        consents.save(consent);
        assertThat(consents.findById("tax", "account-4").getAuthorities()).isEqualTo(consent.getAuthorities());
        consents.remove(consent);
        assertThat(consents.findById("tax", "account-4")).isNull();
    }
}

class MemoryAuthorizationServiceTest extends AuthorizationServiceContract {
    @Override
    OAuth2AuthorizationService authorizations(RegisteredClientRepository clients) {
        return new StoredAuthorizations(new MemoryAuthorizationRecords(Clock.systemUTC()), clients, Clock.systemUTC());
    }

    @Override
    RegisteredClientRepository clients() {
        return new ClientCatalogue(List.of(CLIENT), new MemoryAppRepository(), TOKENS);
    }

    @Override
    OAuth2AuthorizationConsentService consents() {
        return new InMemoryOAuth2AuthorizationConsentService();
    }
}

class RedisAuthorizationServiceTest extends AuthorizationServiceContract {

    private final RedisKeys keys = RedisStores.freshKeys();

    @Override
    OAuth2AuthorizationService authorizations(RegisteredClientRepository clients) {
        return new StoredAuthorizations(new RedisAuthorizationRecords(RedisStores.template(), keys, clients, RedisStores.json()), clients,
                Clock.systemUTC());
    }

    @Override
    RegisteredClientRepository clients() {
        return new ClientCatalogue(List.of(CLIENT), new RedisAppRepository(RedisStores.template(), keys, RedisStores.json()), TOKENS);
    }

    @Override
    OAuth2AuthorizationConsentService consents() {
        return new RedisAuthorizationConsentService(RedisStores.template(), keys, RedisStores.json());
    }

    /** Token values are secrets: only their hashes may name keys. */
    @Test
    void noKey_containsATokenValue() throws Exception {
        OAuth2AuthorizationService store = storeWithClient();
        store.save(authorization("5", Duration.ofHours(1)));
        OAuth2Authorization app = appAuthorization("5", Duration.ofHours(1));
        store.save(app);
        String appToken = app.getAccessToken().getToken().getTokenValue();
        assertThat(RedisStores.template().keys(keys.prefix() + "*")).hasSizeGreaterThan(2)
                .noneMatch(key -> key.contains("access-5") || key.contains("refresh-5") || key.contains("code-5") || key.contains("id-5")
                        || key.contains(appToken.substring(appToken.lastIndexOf('.') + 1)));
    }
}
