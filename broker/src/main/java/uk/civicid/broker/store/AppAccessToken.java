package uk.civicid.broker.store;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;

/**
 * An app's own access token (client_credentials) as the stores keep it, under the hash of its value. Such a grant has
 * no person and no other token, so introspection and revocation need only whom it was issued to, its life, its scopes
 * and whether it was revoked: the JWT itself and its claims are not kept, since the value presented is what was found
 * by its hash and carries its own claims. An app asking for a token every few seconds is a store's largest writer;
 * this is about a tenth of the memory of the framework's authorization, and one small write instead of an
 * authorization and its index.
 */
public record AppAccessToken(String authorizationId, String registeredClientId, String principalName, String tokenType,
                             Set<String> scopes, Instant issuedAt, Instant expiresAt, boolean revoked) {

    private static final String FORMAT = OAuth2TokenFormat.class.getName();

    /** The authorization as an app token, if it is one: a client_credentials grant with a signed JWT access token. */
    public static Optional<AppAccessToken> of(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType()) || access == null
                || authorization.getRefreshToken() != null
                || !OAuth2TokenFormat.SELF_CONTAINED.getValue().equals(access.getMetadata().get(FORMAT))) {
            return Optional.empty();
        }
        OAuth2AccessToken token = access.getToken();
        return Optional.of(new AppAccessToken(authorization.getId(), authorization.getRegisteredClientId(),
                authorization.getPrincipalName(), token.getTokenType().getValue(), Set.copyOf(token.getScopes()),
                token.getIssuedAt(), token.getExpiresAt(), access.isInvalidated()));
    }

    /** Its value, as saved: the stores key it by this value's hash. */
    public static String value(OAuth2Authorization authorization) {
        return authorization.getAccessToken().getToken().getTokenValue();
    }

    /**
     * The authorization again, holding the value that was presented (and matched by its hash), with the claims that
     * value carries, as the framework's introspection reads them; null when its app has been removed since (its tokens
     * go with it).
     */
    public OAuth2Authorization authorization(RegisteredClientRepository clients, String value) {
        RegisteredClient client = clients.findById(registeredClientId);
        if (client == null) {
            return null;
        }
        OAuth2AccessToken token = new OAuth2AccessToken(new OAuth2AccessToken.TokenType(tokenType), value, issuedAt,
                expiresAt, scopes);
        Map<String, Object> claims = claims(value);
        return OAuth2Authorization.withRegisteredClient(client)
                .id(authorizationId)
                .principalName(principalName)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .authorizedScopes(scopes)
                .token(token, metadata -> {
                    metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
                    metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, revoked);
                    metadata.put(FORMAT, OAuth2TokenFormat.SELF_CONTAINED.getValue());
                })
                .build();
    }

    private static Map<String, Object> claims(String value) {
        try {
            Map<String, Object> claims = new LinkedHashMap<>(JWTParser.parse(value).getJWTClaimsSet().getClaims());
            // Nimbus reads the NumericDate claims as Dates; the framework's claims hold Instants.
            claims.replaceAll((name, claim) -> claim instanceof Date date ? date.toInstant() : claim);
            return claims;
        } catch (ParseException e) {
            // It was saved as this broker's signed JWT and found by its hash, so it parses.
            throw new IllegalStateException("a stored app access token is not a JWT", e);
        }
    }
}
