package uk.civicid.broker.client;

import uk.civicid.broker.identity.BrokerRoles;
import uk.civicid.broker.identity.NhsNumber;
import uk.civicid.broker.identity.NhsPatient;
import uk.civicid.broker.identity.VerifiedClaims;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import uk.civicid.broker.client.AdminScopes;
import uk.civicid.broker.config.CivicIdProperties.LocalisedText;
import uk.civicid.broker.config.CivicIdProperties.SubjectType;

/**
 * The one check of app metadata, for RFC 7591/7592 registration and the admin API alike. Reads the request's JSON
 * (RFC 7591 names), applies the defaults RFC 7591 §2 gives, and refuses, naming each field, anything the broker
 * does not offer or that would weaken it. Unknown fields are ignored, as RFC 7591 §2 requires.
 */
public final class AppMetadataRules {

    public static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials");
    public static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post", AppMetadata.PRIVATE_KEY_JWT,
            AppMetadata.NONE);
    public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");

    static final int MAX_NAME = 100;
    static final int MAX_URIS = 20;
    static final int MAX_URI_LENGTH = 2000;
    static final int MAX_SCOPES = 50;
    static final int MAX_KEYS = 10;

    /** RFC 6749 §3.3 scope-token. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");
    private static final Pattern SECTOR = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    /** RFC 8252 §7.3 and §8.3: loopback IP literals, not "localhost", which may resolve elsewhere. */
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]");
    static final String HTTPS_OR_LOOPBACK = "must use https (or http on a loopback address for a native app)";

    private final Predicate<String> knownUpstream;
    private final boolean pairwiseAvailable;

    public AppMetadataRules(Predicate<String> knownUpstream, boolean pairwiseAvailable) {
        this.knownUpstream = knownUpstream;
        this.pairwiseAvailable = pairwiseAvailable;
    }

    /** The metadata in this JSON object, or {@link InvalidAppMetadata} naming every field that is wrong. */
    public AppMetadata check(Map<String, Object> json) {
        Errors errors = new Errors();
        String name = string(json, "client_name", errors);
        if (name == null || name.isBlank()) {
            errors.add("client_name", "is required: the name people see when they sign in");
        } else if (name.length() > MAX_NAME) {
            errors.add("client_name", "must be at most " + MAX_NAME + " characters");
        }
        String nameCy = string(json, "client_name#cy", errors);
        if (nameCy != null && nameCy.length() > MAX_NAME) {
            errors.add("client_name#cy", "must be at most " + MAX_NAME + " characters");
        }

        List<String> grantTypes = distinct(strings(json, "grant_types", List.of("authorization_code"), errors));
        for (int i = 0; i < grantTypes.size(); i++) {
            if (!GRANT_TYPES.contains(grantTypes.get(i))) {
                errors.add("grant_types[" + i + "]", "not offered: use authorization_code, refresh_token or client_credentials");
            }
        }
        boolean code = grantTypes.contains("authorization_code");
        if (grantTypes.isEmpty()) {
            errors.add("grant_types", "at least one is required");
        } else if (grantTypes.contains("refresh_token") && !code) {
            errors.add("grant_types", "refresh_token is only issued with authorization_code");
        }
        List<String> responseTypes = distinct(strings(json, "response_types", code ? List.of("code") : List.of(), errors));
        if (!responseTypes.equals(code ? List.of("code") : List.of())) {
            errors.add("response_types", code ? "must be [\"code\"] with authorization_code (no implicit or hybrid flow)"
                    : "must be empty without authorization_code");
        }

        List<String> redirectUris = distinct(strings(json, "redirect_uris", List.of(), errors));
        uris("redirect_uris", redirectUris, errors);
        if (code && redirectUris.isEmpty()) {
            errors.add("redirect_uris", "an app that signs people in needs at least one");
        }
        List<String> postLogoutUris = distinct(strings(json, "post_logout_redirect_uris", List.of(), errors));
        uris("post_logout_redirect_uris", postLogoutUris, errors);
        String backchannelLogoutUri = string(json, "backchannel_logout_uri", errors);
        if (backchannelLogoutUri != null) {
            errors.add("backchannel_logout_uri", uriProblem(backchannelLogoutUri, true));
        }

        String method = string(json, "token_endpoint_auth_method", errors);
        method = method == null ? "client_secret_basic" : method; // RFC 7591 §2
        if (!AUTH_METHODS.contains(method)) {
            errors.add("token_endpoint_auth_method", "not offered: use client_secret_basic, client_secret_post, private_key_jwt or none");
        }
        if (AppMetadata.NONE.equals(method) && grantTypes.contains("client_credentials")) {
            errors.add("grant_types", "a public client (token_endpoint_auth_method none) cannot use client_credentials");
        }
        String jwksUri = string(json, "jwks_uri", errors);
        String jwks = jwks(json, errors);
        if (AppMetadata.PRIVATE_KEY_JWT.equals(method)) {
            if (jwksUri == null && jwks == null && !errors.has("jwks")) {
                errors.add("jwks", "private_key_jwt needs the app's public keys: jwks or jwks_uri");
            } else if (jwksUri != null && jwks != null) {
                errors.add("jwks", "give jwks or jwks_uri, not both (RFC 7591 §2)");
            }
        } else if (jwksUri != null || json.get("jwks") != null) {
            errors.add(jwksUri != null ? "jwks_uri" : "jwks", "is only used with private_key_jwt");
        }
        if (jwksUri != null) {
            errors.add("jwks_uri", uriProblem(jwksUri, false));
        }

        List<String> scopes = scopes(json, errors);

        String subjectTypeValue = string(json, "subject_type", errors);
        SubjectType subjectType = SubjectType.PUBLIC;
        if ("pairwise".equals(subjectTypeValue)) {
            subjectType = SubjectType.PAIRWISE;
            if (!pairwiseAvailable) {
                errors.add("subject_type", "pairwise subjects need civicid.pairwise-secret to be configured");
            }
        } else if (subjectTypeValue != null && !"public".equals(subjectTypeValue)) {
            errors.add("subject_type", "must be public or pairwise");
        }
        String sector = string(json, "sector", errors);
        if (sector != null && !SECTOR.matcher(sector).matches()) {
            errors.add("sector", "must be 1 to 100 letters, digits, '.', '_', ':' or '-'");
        }

        List<String> upstreams = distinct(strings(json, "upstreams", List.of(), errors));
        for (int i = 0; i < upstreams.size(); i++) {
            if (!knownUpstream.test(upstreams.get(i))) {
                errors.add("upstreams[" + i + "]", "no upstream has the id '" + upstreams.get(i) + "'");
            }
        }
        Object requirePasskey = json.getOrDefault("require_passkey", false);
        if (!(requirePasskey instanceof Boolean)) {
            errors.add("require_passkey", "must be true or false");
        }

        errors.throwIfAny();
        return new AppMetadata(new LocalisedText(name, nameCy == null || nameCy.isBlank() ? null : nameCy), redirectUris, postLogoutUris,
                backchannelLogoutUri, grantTypes, method, jwksUri, jwks, scopes, subjectType, sector, upstreams,
                (Boolean) requirePasskey);
    }

    private static List<String> scopes(Map<String, Object> json, Errors errors) {
        Object value = json.get("scope");
        if (value == null) {
            return DEFAULT_SCOPES;
        }
        if (!(value instanceof String scope)) {
            errors.add("scope", "must be a string of space-separated scopes");
            return List.of();
        }
        List<String> scopes = distinct(List.of(scope.trim().split(" +")));
        if (scopes.size() > MAX_SCOPES) {
            errors.add("scope", "at most " + MAX_SCOPES + " scopes");
        }
        for (String s : scopes) {
            if (!SCOPE_TOKEN.matcher(s).matches()) {
                errors.add("scope", "'" + s + "' is not a valid scope");
            } else if (AdminScopes.ALL.contains(s)) {
                // A registered app must never be able to ask a person for admin rights: only the configured console may.
                errors.add("scope", s + " is reserved for the admin console");
            } else if (VerifiedClaims.SCOPE.equals(s) || NhsNumber.SCOPE.equals(s) || NhsPatient.GP_SCOPE.equals(s) || BrokerRoles.SCOPE.equals(s)) {
                // A person's verified identity, NHS number or staff roles go only to apps the council configures, each a decision of its own.
                errors.add("scope", s + " is given only to apps in the broker's configuration");
            }
        }
        return scopes;
    }

    /** The JWK set as JSON with public parts only, or null; a private or symmetric key is refused. */
    private static String jwks(Map<String, Object> json, Errors errors) {
        Object value = json.get("jwks");
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add("jwks", "must be a JWK set: {\"keys\": [...]}");
            return null;
        }
        try {
            @SuppressWarnings("unchecked")
            JWKSet set = JWKSet.parse((Map<String, Object>) map);
            if (set.getKeys().isEmpty() || set.getKeys().size() > MAX_KEYS) {
                errors.add("jwks", "must hold 1 to " + MAX_KEYS + " keys");
                return null;
            }
            for (JWK key : set.getKeys()) {
                if (key instanceof OctetSequenceKey) {
                    errors.add("jwks", "must hold asymmetric keys (RSA, EC, OKP), never a shared secret");
                    return null;
                }
                if (key.isPrivate()) {
                    errors.add("jwks", "must hold public keys only: a private key was sent and has not been kept");
                    return null;
                }
            }
            return set.toString(true);
        } catch (ParseException | RuntimeException e) {
            errors.add("jwks", "is not a JWK set");
            return null;
        }
    }

    private static void uris(String field, List<String> uris, Errors errors) {
        if (uris.size() > MAX_URIS) {
            errors.add(field, "at most " + MAX_URIS + " URIs");
        }
        for (int i = 0; i < uris.size(); i++) {
            errors.add(field + "[" + i + "]", uriProblem(uris.get(i), true));
        }
    }

    /**
     * What is wrong with a URI the broker will send people or tokens to, or null. Compared as exact strings later
     * (RFC 9700 §4.1.3), so anything that could match more than itself is refused.
     */
    static String uriProblem(String value, boolean loopbackAllowed) {
        if (value.length() > MAX_URI_LENGTH) {
            return "must be at most " + MAX_URI_LENGTH + " characters";
        }
        if (value.contains("*")) {
            return "must not contain a wildcard (*): give each URI exactly";
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "is not a valid URI";
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            return "must be an absolute URI with a host";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment (RFC 6749 §3.1.2)";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain a user name or password";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if ("https".equals(scheme)) {
            return null;
        }
        if (loopbackAllowed && "http".equals(scheme) && LOOPBACK.contains(uri.getHost())) {
            return null; // RFC 8252 §7.3
        }
        return loopbackAllowed ? HTTPS_OR_LOOPBACK : "must use https";
    }

    private static String string(Map<String, Object> json, String field, Errors errors) {
        Object value = json.get(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        errors.add(field, "must be a string");
        return null;
    }

    private static List<String> strings(Map<String, Object> json, String field, List<String> absent, Errors errors) {
        Object value = json.get(field);
        if (value == null) {
            return absent;
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        errors.add(field, "must be a list of strings");
        return List.of();
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    private static final class Errors {
        private final List<InvalidAppMetadata.FieldError> fields = new ArrayList<>();

        void add(String field, String message) {
            if (message != null) {
                fields.add(new InvalidAppMetadata.FieldError(field, message));
            }
        }

        boolean has(String field) {
            return fields.stream().anyMatch(f -> f.field().equals(field));
        }

        void throwIfAny() {
            if (!fields.isEmpty()) {
                throw new InvalidAppMetadata(fields);
            }
        }
    }
}
