package uk.civicid.broker.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import uk.civicid.broker.config.CivicIdProperties.LocalisedText;
import uk.civicid.broker.config.CivicIdProperties.SubjectType;

/**
 * What an app team says about its app, checked by {@link AppMetadataRules}: the RFC 7591 metadata CivicID uses, plus
 * CivicID's own (accepted upstreams, pairwise sector, passkey requirement). The same value whether it came through
 * RFC 7591/7592 or the admin API.
 *
 * @param jwks   the app's public keys as a JWK set (JSON), for {@code private_key_jwt}; or null
 * @param sector apps sharing a sector see the same pairwise {@code sub}; null means the app's own client id
 */
public record AppMetadata(LocalisedText name, List<String> redirectUris, List<String> postLogoutRedirectUris,
                          String backchannelLogoutUri, List<String> grantTypes, String tokenEndpointAuthMethod,
                          String jwksUri, String jwks, List<String> scopes, SubjectType subjectType, String sector,
                          List<String> upstreams, boolean requirePasskey) {

    public static final String NONE = "none";
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";

    public AppMetadata {
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        grantTypes = List.copyOf(grantTypes);
        scopes = List.copyOf(scopes);
        upstreams = List.copyOf(upstreams);
    }

    /** A public client (native or browser app) has no secret and must use PKCE (RFC 9700 §2.1.1). */
    public boolean publicClient() {
        return NONE.equals(tokenEndpointAuthMethod);
    }

    /** Whether the broker generates a client secret for this app. */
    public boolean usesSecret() {
        return tokenEndpointAuthMethod.startsWith("client_secret_");
    }

    /** RFC 7591 §2.1: the response types that go with the grant types. */
    public List<String> responseTypes() {
        return grantTypes.contains("authorization_code") ? List.of("code") : List.of();
    }

    /** The metadata as JSON, with RFC 7591's names (and CivicID's own, in the same style). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("client_name", name.en());
        json.put("client_name#cy", name.cy());
        json.put("redirect_uris", redirectUris);
        json.put("post_logout_redirect_uris", postLogoutRedirectUris);
        json.put("backchannel_logout_uri", backchannelLogoutUri);
        json.put("grant_types", grantTypes);
        json.put("token_endpoint_auth_method", tokenEndpointAuthMethod);
        json.put("jwks_uri", jwksUri);
        json.put("jwks", jwksJson());
        json.put("scope", String.join(" ", scopes));
        json.put("subject_type", subjectType.name().toLowerCase(Locale.ROOT));
        json.put("sector", sector);
        json.put("upstreams", upstreams);
        json.put("require_passkey", requirePasskey);
        return json;
    }

    private Map<String, Object> jwksJson() {
        try {
            return jwks == null ? null : JSONObjectUtils.parse(jwks);
        } catch (ParseException e) {
            throw new IllegalStateException("stored jwks is not JSON", e); // checked before it was stored
        }
    }
}
