package uk.civicid.broker.client;

import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import uk.civicid.broker.config.CivicIdProperties;

/**
 * An app registered at run time (through the admin API or RFC 7591), as the store keeps it.
 *
 * @param secretHash            the client secret's hash ({@code clientSecretEncoder}); null without a secret
 * @param owners                the accounts of the app team that may see and change it
 * @param enabled               a disabled app is refused at once at every endpoint, on every node
 * @param registrationTokenHash SHA-256 of the RFC 7592 registration access token; null for apps made in the console
 */
public record RegisteredApp(String clientId, AppMetadata metadata, String secretHash, List<String> owners, boolean enabled,
                            String registrationTokenHash, Instant createdAt) {

    public RegisteredApp {
        owners = List.copyOf(owners);
    }

    public RegisteredApp withMetadata(AppMetadata next) {
        return new RegisteredApp(clientId, next, secretHash, owners, enabled, registrationTokenHash, createdAt);
    }

    public RegisteredApp withSecretHash(String next) {
        return new RegisteredApp(clientId, metadata, next, owners, enabled, registrationTokenHash, createdAt);
    }

    public RegisteredApp withOwners(List<String> next) {
        return new RegisteredApp(clientId, metadata, secretHash, next, enabled, registrationTokenHash, createdAt);
    }

    public RegisteredApp withEnabled(boolean next) {
        return new RegisteredApp(clientId, metadata, secretHash, owners, next, registrationTokenHash, createdAt);
    }

    /** The authorization server's view of this app; the same token lifetimes and rotation as configured apps. */
    public RegisteredClient toRegisteredClient(CivicIdProperties.Tokens tokens) {
        AppMetadata m = metadata;
        RegisteredClient.Builder builder = RegisteredClient.withId(clientId)
                .clientId(clientId)
                .clientIdIssuedAt(createdAt)
                .clientName(m.name().en())
                .clientSecret(secretHash)
                .clientAuthenticationMethod(new ClientAuthenticationMethod(m.tokenEndpointAuthMethod()));
        m.grantTypes().forEach(g -> builder.authorizationGrantType(new AuthorizationGrantType(g)));
        m.redirectUris().forEach(builder::redirectUri);
        m.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
        m.scopes().forEach(builder::scope);
        ClientPolicy policy = new ClientPolicy(m.name(), m.upstreams(), m.backchannelLogoutUri() == null ? null
                : java.net.URI.create(m.backchannelLogoutUri()), m.subjectType(), m.sector() != null ? m.sector() : clientId,
                m.requirePasskey());
        ClientSettings.Builder settings = ClientSettings.builder()
                .requireProofKey(m.publicClient()) // RFC 9700 §2.1.1
                .requireAuthorizationConsent(false);
        if (m.jwksUri() != null) {
            settings.jwkSetUrl(m.jwksUri());
        }
        if (m.jwks() != null) {
            settings.setting(ClientAssertionKeys.JWKS_SETTING, m.jwks());
        }
        return builder.clientSettings(policy.writeTo(settings).build())
                .tokenSettings(ConfiguredClients.tokenSettings(tokens).build())
                .build();
    }
}
