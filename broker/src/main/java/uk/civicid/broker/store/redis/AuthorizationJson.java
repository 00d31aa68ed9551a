package uk.civicid.broker.store.redis;

import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.session.BrokerAuthentication;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.store.AppAccessToken;

/**
 * An authorization as JSON, for Redis. The signed-in person is stored as our plain {@link BrokerPrincipal} and the
 * authorization request and text attributes as plain values, never with a class name; the framework's other values
 * (token metadata and claims, any other attribute) go through Spring Security's Jackson 3 modules, whose type
 * allow-list refuses anything else. Reading the request back through those modules was the largest part of a refresh
 * on Redis (its profile: 40 % of the JSON work); as a plain record it is a small part of that.
 */
final class AuthorizationJson {

    /**
     * {@code request} and {@code text}: the authorization request and the attributes that are text; {@code attributes}:
     * any others, as the framework's JSON (null when there are none).
     */
    record Stored(String id, String registeredClientId, String principalName, String grantType, Set<String> scopes,
                  BrokerPrincipal person, Request request, Map<String, String> text, String attributes, List<StoredToken> tokens) {}

    /** The framework's authorization request of a code grant, when all it holds is text (as a browser's request does). */
    record Request(String authorizationUri, String clientId, String redirectUri, Set<String> scopes, String state,
                   Map<String, String> additionalParameters, String authorizationRequestUri) {

        static Request of(OAuth2AuthorizationRequest request) {
            Map<String, String> parameters = new LinkedHashMap<>();
            request.getAdditionalParameters().forEach((name, value) -> parameters.put(name, value instanceof String text ? text : null));
            boolean plain = AuthorizationGrantType.AUTHORIZATION_CODE.equals(request.getGrantType())
                    && request.getAttributes().isEmpty() && !parameters.containsValue(null);
            return plain ? new Request(request.getAuthorizationUri(), request.getClientId(), request.getRedirectUri(),
                    request.getScopes(), request.getState(), parameters, request.getAuthorizationRequestUri()) : null;
        }

        OAuth2AuthorizationRequest toRequest() {
            return OAuth2AuthorizationRequest.authorizationCode().authorizationUri(authorizationUri).clientId(clientId)
                    .redirectUri(redirectUri).scopes(scopes).state(state).additionalParameters(p -> p.putAll(additionalParameters))
                    .authorizationRequestUri(authorizationRequestUri).build();
        }
    }

    record StoredToken(Kind kind, String value, Instant issuedAt, Instant expiresAt, String metadata, Set<String> scopes) {}

    enum Kind { CODE, ACCESS, REFRESH, ID }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String REQUEST = OAuth2AuthorizationRequest.class.getName();

    private final JsonMapper plain;
    private final JsonMapper framework = JsonMapper.builder()
            .addModules(SecurityJacksonModules.getModules(AuthorizationJson.class.getClassLoader())).build();

    AuthorizationJson(JsonMapper plain) {
        this.plain = plain;
    }

    String write(OAuth2Authorization authorization) {
        Map<String, Object> attributes = new HashMap<>(authorization.getAttributes());
        BrokerPrincipal person = attributes.remove(Principal.class.getName()) instanceof BrokerAuthentication signedIn
                ? signedIn.getPrincipal() : null;
        Request request = attributes.get(REQUEST) instanceof OAuth2AuthorizationRequest asked ? Request.of(asked) : null;
        if (request != null) {
            attributes.remove(REQUEST);
        }
        Map<String, String> text = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (value instanceof String s) {
                text.put(name, s);
            }
        });
        attributes.keySet().removeAll(text.keySet());
        List<StoredToken> tokens = new ArrayList<>();
        add(tokens, Kind.CODE, authorization.getToken(OAuth2AuthorizationCode.class), null);
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getToken(OAuth2AccessToken.class);
        add(tokens, Kind.ACCESS, access, access == null ? null : access.getToken().getScopes());
        add(tokens, Kind.REFRESH, authorization.getToken(OAuth2RefreshToken.class), null);
        add(tokens, Kind.ID, authorization.getToken(OidcIdToken.class), null);
        return plain.writeValueAsString(new Stored(authorization.getId(), authorization.getRegisteredClientId(),
                authorization.getPrincipalName(), authorization.getAuthorizationGrantType().getValue(),
                authorization.getAuthorizedScopes(), person, request, text,
                attributes.isEmpty() ? null : framework.writeValueAsString(allowedCollections(attributes)), tokens));
    }

    String write(AppAccessToken appToken) {
        return plain.writeValueAsString(appToken);
    }

    AppAccessToken readAppToken(String json) {
        return plain.readValue(json, AppAccessToken.class);
    }

        /** Stored JSON read once: its registered client id to look the client up, then {@link #read} with that client. */
    Stored parse(String json) {
        return plain.readValue(json, Stored.class);
    }

    OAuth2Authorization read(Stored stored, RegisteredClient client) {
        Map<String, Object> attributes = stored.attributes() == null ? new HashMap<>() : framework.readValue(stored.attributes(), MAP);
        if (stored.text() != null) {
            attributes.putAll(stored.text());
        }
        if (stored.request() != null) {
            attributes.put(REQUEST, stored.request().toRequest());
        }
        OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
                .id(stored.id())
                .principalName(stored.principalName())
                .authorizationGrantType(new AuthorizationGrantType(stored.grantType()))
                .authorizedScopes(stored.scopes())
                .attributes(a -> a.putAll(attributes));
        if (stored.person() != null) {
            builder.attribute(Principal.class.getName(), new BrokerAuthentication(stored.person()));
        }
        for (StoredToken t : stored.tokens()) {
            Map<String, Object> metadata = framework.readValue(t.metadata(), MAP);
            OAuth2Token token = switch (t.kind()) {
                case CODE -> new OAuth2AuthorizationCode(t.value(), t.issuedAt(), t.expiresAt());
                case ACCESS -> new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, t.value(), t.issuedAt(), t.expiresAt(), t.scopes());
                case REFRESH -> new OAuth2RefreshToken(t.value(), t.issuedAt(), t.expiresAt());
                case ID -> new OidcIdToken(t.value(), t.issuedAt(), t.expiresAt(), claims(metadata));
            };
            builder.token(token, m -> m.putAll(metadata));
        }
        return builder.build();
    }

    private void add(List<StoredToken> tokens, Kind kind, OAuth2Authorization.Token<? extends OAuth2Token> token, Set<String> scopes) {
        if (token != null) {
            tokens.add(new StoredToken(kind, token.getToken().getTokenValue(), token.getToken().getIssuedAt(),
                    token.getToken().getExpiresAt(), framework.writeValueAsString(allowedCollections(token.getMetadata())), scopes));
        }
    }

    /**
     * The same values in collection classes the framework's type allow-list accepts: claims built with
     * {@code List.of} or {@code Set.copyOf} would otherwise be written under JDK-internal class names that it
     * (rightly) refuses to read back.
     */
    @SuppressWarnings("unchecked")
    static <T> T allowedCollections(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, allowedCollections(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(AuthorizationJson::allowedCollections).collect(Collectors.toCollection(ArrayList::new));
        }
        if (value instanceof Set<?> set) {
            return (T) set.stream().map(AuthorizationJson::allowedCollections).collect(Collectors.toCollection(LinkedHashSet::new));
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(Map<String, Object> metadata) {
        Object claims = metadata.get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME);
        return claims instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
