package uk.civicid.broker.oidc;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;

/**
 * What every authorization store needs to know about an authorization: the token values it can be found
 * by, with their type, and how long it must be kept. Shared by the memory and Redis stores.
 */
public final class AuthorizationTokens {

    /**
     * A token type the stores understand besides the framework's: a refresh token that has been rotated away. The
     * authorization it belonged to is found through the index entry it left behind (kept until it expires).
     */
    public static final String RETIRED_REFRESH_TOKEN = "retired_refresh_token";

    /** How long an authorization with no token yet (waiting for the person) is kept. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

    private AuthorizationTokens() {}

    /** Token type name (as the framework passes it to findByToken) → token value. */
    public static Map<String, String> lookupValues(OAuth2Authorization authorization) {
        Map<String, String> values = new LinkedHashMap<>();
        String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
        if (state != null) {
            values.put(OAuth2ParameterNames.STATE, state);
        }
        put(values, OAuth2ParameterNames.CODE, authorization.getToken(OAuth2AuthorizationCode.class));
        put(values, OAuth2ParameterNames.ACCESS_TOKEN, authorization.getToken(OAuth2AccessToken.class));
        put(values, OAuth2ParameterNames.REFRESH_TOKEN, authorization.getToken(OAuth2RefreshToken.class));
        put(values, OidcParameterNames.ID_TOKEN, authorization.getToken(OidcIdToken.class));
        return values;
    }

    private static void put(Map<String, String> values, String type, OAuth2Authorization.Token<? extends OAuth2Token> token) {
        if (token != null) {
            values.put(type, token.getToken().getTokenValue());
        }
    }

    /** Whether a person granted it (so it is in their account's index), rather than an app for itself (client_credentials). */
    public static boolean ofPerson(OAuth2Authorization authorization) {
        return !AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType());
    }

    /**
     * Kept until its longest-lived token expires, even once used: a replayed authorization code must still
     * be recognised so the tokens it issued can be revoked (RFC 9700 §4.5).
     */
    public static Instant keepUntil(OAuth2Authorization authorization, Instant now) {
        return Stream.of(OAuth2AuthorizationCode.class, OAuth2AccessToken.class, OAuth2RefreshToken.class, OidcIdToken.class)
                .map(authorization::getToken)
                .filter(t -> t != null && t.getToken().getExpiresAt() != null)
                .map(t -> t.getToken().getExpiresAt())
                .max(Instant::compareTo)
                .orElse(now.plus(PENDING_LIFETIME));
    }
}
