package uk.civicid.broker.client;

import java.util.List;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import uk.civicid.broker.config.CivicIdProperties;

/** Turns the apps declared under {@code civicid.clients} into the authorization server's registered clients. */
public final class ConfiguredClients {

    private ConfiguredClients() {}

    public static List<RegisteredClient> from(CivicIdProperties properties) {
        return properties.clients().stream().map(c -> toRegisteredClient(c, properties.tokens())).toList();
    }

    static RegisteredClient toRegisteredClient(CivicIdProperties.Client c, CivicIdProperties.Tokens tokens) {
        RegisteredClient.Builder builder = RegisteredClient.withId(c.clientId())
                .clientId(c.clientId())
                .clientName(c.name().en());
        if (c.isPublic()) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(c.clientSecretHash())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
        c.grantTypes().forEach(g -> builder.authorizationGrantType(new AuthorizationGrantType(g)));
        c.redirectUris().forEach(uri -> builder.redirectUri(uri.toString()));
        c.postLogoutRedirectUris().forEach(uri -> builder.postLogoutRedirectUri(uri.toString()));
        c.scopes().forEach(builder::scope);
        ClientPolicy policy = new ClientPolicy(c.name(), c.upstreams(), c.backchannelLogoutUri(), c.subjectType(),
                c.sector() != null ? c.sector() : c.clientId(), c.requirePasskey(), c.identityLevel(),
                c.resourceServers());
        builder.clientSettings(policy.writeTo(ClientSettings.builder()
                // PKCE is always allowed; public clients cannot keep a secret so must use it (RFC 9700 §2.1.1).
                .requireProofKey(c.isPublic())
                .requireAuthorizationConsent(false)).build());
        builder.tokenSettings(tokenSettings(tokens)
                .idTokenSignatureAlgorithm(SignatureAlgorithm.from(c.signingAlgorithm().name()))
                .build());
        return builder.build();
    }

    /** Every app's token lifetimes and rotation, configured or registered (registered apps sign with RS256). */
    static TokenSettings.Builder tokenSettings(CivicIdProperties.Tokens tokens) {
        return TokenSettings.builder()
                .accessTokenTimeToLive(tokens.accessTokenTtl())
                .refreshTokenTimeToLive(tokens.refreshTokenTtl())
                .authorizationCodeTimeToLive(tokens.authorizationCodeTtl())
                // Rotation: each refresh returns a new refresh token and retires the old one (RFC 9700 §4.14.2).
                .reuseRefreshTokens(false);
    }
}
