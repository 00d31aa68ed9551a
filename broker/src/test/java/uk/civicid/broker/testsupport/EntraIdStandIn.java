package uk.civicid.broker.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Entra ID's v2.0 endpoint as Microsoft documents it, on a {@link FakeUpstream} signing RS256:
 * <ul>
 * <li>metadata at {@code /{tenant}/v2.0/.well-known/openid-configuration}: a tenant's says its own issuer; {@code organizations}
 *     and {@code common} say the template {@code {authority}/{tenantid}/v2.0}; {@code consumers} the issuer of the personal
 *     accounts' tenant ("OpenID Connect on the Microsoft identity platform",
 *     https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc; "Access tokens: validate the issuer",
 *     https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer). No RFC 9207 iss;</li>
 * <li>ID tokens with {@code iss} {@code {authority}/{tid}/v2.0}, {@code tid}, {@code oid} (the person, per tenant), a
 *     {@code sub} pairwise per app registration, {@code email} with no {@code email_verified}, the app roles in
 *     {@code roles}, group object IDs in {@code groups} or, over the limit, the overage claims {@code _claim_names} and
 *     {@code _claim_sources} ("ID token claims reference",
 *     https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference);</li>
 * <li>client authentication by secret, or by an assertion naming a registered certificate by {@code x5t#S256}
 *     ("Certificate credentials", https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials).</li>
 * </ul>
 * Each {@link Misbehaviour} gets one thing wrong.
 */
public final class EntraIdStandIn implements FakeUpstream.Extension {

    public static final String CONTOSO = "8eaef023-2b34-4da1-9baa-8bc8c9d6a490";
    public static final String FABRIKAM = "82229342-1101-4ab6-817b-70c0747630f3";
    public static final String NORTHWIND = "1d7ba3a4-52a4-4f16-a3c8-4e0e8b6a3f52";
    public static final String CONSUMERS = "9188040d-6c67-4c5b-b112-36a304b66dad";

    private static final Pattern METADATA = Pattern.compile("GET /([^/]+)/v2\\.0/\\.well-known/openid-configuration");
    private static final Pattern TENANT_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public enum Misbehaviour {
        /** An ID token without tid. */
        NO_TID,
        /** An ID token without oid. */
        NO_OID,
        /** An ID token whose iss is another tenant's than its tid. */
        ISS_OF_ANOTHER_TENANT,
        /** A roles claim holding a number, a null and an object besides the app roles. */
        ROLES_NOT_ALL_STRINGS
    }

    private final FakeUpstream upstream;
    private volatile String tenant = CONTOSO;
    private volatile String registration = "civicid";
    private volatile List<String> appRoles = List.of();
    private volatile List<String> groups = List.of();
    private volatile boolean groupOverage;
    private volatile Misbehaviour misbehaviour;
    private volatile String callbackIss; // null: none; "": the tenant signed in at's; else this tenant's

    private EntraIdStandIn(FakeUpstream upstream) {
        this.upstream = upstream;
    }

    public static EntraIdStandIn on(FakeUpstream upstream) {
        EntraIdStandIn entra = new EntraIdStandIn(upstream);
        upstream.extend(entra);
        return entra;
    }

    /** The issuer Entra gives for this tenant (a tenant ID, organizations, common or consumers), as the broker is configured with. */
    public String issuer(String tenant) {
        return upstream.issuer() + "/" + tenant + "/v2.0";
    }

    /** The tenant the next person signs in at (their home tenant, or where they are a guest). */
    public void signInAt(String tenantId) { this.tenant = tenantId; }
    /** The app roles assigned to the next person in the broker's app registration. */
    public void appRoles(String... roles) { this.appRoles = List.of(roles); }
    /** The object IDs of the next person's groups. */
    public void groups(String... objectIds) { this.groups = List.of(objectIds); }
    /** The next person is in more groups than fit in a token (over 200): their groups are left out, with the overage claims. */
    public void groupOverage() { this.groupOverage = true; }
    /** As if the broker had been registered again at Entra: the same people get other (pairwise) sub values. */
    public void newAppRegistration() { this.registration = "civicid-" + System.nanoTime(); }
    /** Callbacks carry RFC 9207's iss: the issuer of this tenant, or of the tenant signed in at when empty. */
    public void sendIssOnCallback(String tenantId) { this.callbackIss = tenantId; }
    public void misbehave(Misbehaviour m) { this.misbehaviour = m; }
    public void behave() {
        tenant = CONTOSO;
        appRoles = List.of();
        groups = List.of();
        groupOverage = false;
        misbehaviour = null;
        callbackIss = null;
    }

    @Override
    public ResponseDefinition serve(String methodAndPath) {
        Matcher metadata = METADATA.matcher(methodAndPath);
        if (!metadata.matches()) {
            return null;
        }
        String path = metadata.group(1);
        String issuer = switch (path) {
            case "organizations", "common" -> issuer("{tenantid}");
            case "consumers" -> issuer(CONSUMERS);
            default -> TENANT_ID.matcher(path).matches() ? issuer(path) : null;
        };
        if (issuer == null) { // AADSTS90002: a tenant that does not exist
            return json(400, Map.of("error", "invalid_tenant", "error_description", "Tenant '" + path + "' not found."));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("authorization_endpoint", upstream.baseUrl() + "/authorize");
        d.put("token_endpoint", upstream.tokenEndpoint());
        d.put("jwks_uri", upstream.baseUrl() + "/jwks");
        d.put("userinfo_endpoint", upstream.baseUrl() + "/userinfo"); // Microsoft Graph's /oidc/userinfo at Entra
        d.put("end_session_endpoint", upstream.baseUrl() + "/logout");
        d.put("frontchannel_logout_supported", true);
        d.put("http_logout_supported", true);
        d.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
        d.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        d.put("subject_types_supported", List.of("pairwise"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt", "client_secret_basic"));
        d.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        d.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name",
                "tid", "ver", "at_hash", "c_hash", "email"));
        return json(200, d);
    }

    /**
     * Entra's metadata does not say authorization_response_iss_parameter_supported, and its callbacks carry no iss; with
     * {@link #sendIssOnCallback}, as if it began to, the issuer of the tenant signed in at (or of another one).
     */
    @Override
    public String callbackIssuer(String issuer) {
        String sent = callbackIss;
        return sent == null ? null : issuer(sent.isEmpty() ? tenant : sent);
    }

    /** Entra refuses a client assertion that names no registered certificate (AADSTS700027). */
    @Override
    public String refuseTokenRequest(String authorization, Map<String, String> form) {
        if (!form.containsKey("client_assertion")) {
            return null;
        }
        try {
            return SignedJWT.parse(form.get("client_assertion")).getHeader().getX509CertSHA256Thumbprint() == null
                    ? "AADSTS700027: client assertion names no registered certificate (x5t#S256)" : null;
        } catch (ParseException e) {
            return "AADSTS50027: client assertion is not a JWT";
        }
    }

    @Override
    public Map<String, Object> idTokenClaims(FakeUpstream.Persona person, String vtr) {
        Misbehaviour m = misbehaviour;
        String tid = tenant;
        Map<String, Object> claims = new HashMap<>();
        claims.put("ver", "2.0");
        claims.put("iss", issuer(m == Misbehaviour.ISS_OF_ANOTHER_TENANT ? (tid.equals(CONTOSO) ? FABRIKAM : CONTOSO) : tid));
        claims.put("tid", m == Misbehaviour.NO_TID ? null : tid);
        claims.put("oid", m == Misbehaviour.NO_OID ? null : person.subject());
        claims.put("sub", pairwise(tid, person.subject()));
        claims.put("preferred_username", person.email());
        // Entra's email is neither verified nor stable, and it says nothing of it; v2.0 ID tokens have no given or family name.
        claims.put("email_verified", null);
        claims.put("given_name", null);
        claims.put("family_name", null);
        if (m == Misbehaviour.ROLES_NOT_ALL_STRINGS) {
            List<Object> odd = new java.util.ArrayList<>(appRoles);
            odd.addAll(java.util.Arrays.asList(7, null, Map.of("role", "Cases.Approve")));
            claims.put("roles", odd);
        } else if (!appRoles.isEmpty()) {
            claims.put("roles", appRoles);
        }
        if (groupOverage) {
            claims.put("_claim_names", Map.of("groups", "src1"));
            claims.put("_claim_sources", Map.of("src1", Map.of("endpoint",
                    "https://graph.microsoft.com/v1.0/users/" + person.subject() + "/getMemberObjects")));
        } else if (!groups.isEmpty()) {
            claims.put("groups", groups);
        }
        return claims;
    }

    /** A sub unique to the app registration, tenant and person, as Entra's is. */
    private String pairwise(String tid, String oid) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((registration + "|" + tid + "|" + oid).getBytes(StandardCharsets.UTF_8));
            return Base64URL.encode(hash).toString().substring(0, 43);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseDefinition json(int status, Map<String, ?> body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(JSONObjectUtils.toJSONString(body)).build();
    }
}
