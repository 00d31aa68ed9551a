package uk.civicid.broker.config;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.civicid.broker.config.CivicIdProperties.UpstreamProfile;

/**
 * Microsoft Entra ID's tenants as its v2.0 issuers name them ("Access tokens: validate the issuer",
 * https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer): a tenant's issuer is
 * {@code {authority}/{tenant ID}/v2.0}; the multi-tenant endpoints ({@code organizations}, {@code common}) publish the
 * template {@code {authority}/{tenantid}/v2.0} in their metadata, which each token's {@code tid} fills. The authority is
 * not fixed to login.microsoftonline.com: national clouds have their own.
 */
public final class EntraTenants {

    /** The placeholder of the multi-tenant endpoints' issuer. */
    public static final String PLACEHOLDER = "{tenantid}";
    /** The tenant of personal Microsoft accounts: the tid of every consumer sign-in ("ID token claims reference"). */
    public static final String CONSUMERS = "9188040d-6c67-4c5b-b112-36a304b66dad";

    /** A tenant ID, as Entra writes it in tid: a GUID in lower case. */
    private static final Pattern TENANT_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> MULTI_TENANT = Set.of("organizations", "common");
    private static final Pattern V2_ISSUER = Pattern.compile("/([^/]+)/v2\\.0");

    private EntraTenants() {}

    public static boolean tenantId(String value) {
        return value != null && TENANT_ID.matcher(value).matches();
    }

    /** The tenant an issuer names (a tenant ID, organizations or common), or null when it is no Entra v2.0 issuer. */
    public static String tenantOf(URI issuer) {
        Matcher path = V2_ISSUER.matcher(issuer.getRawPath() == null ? "" : issuer.getRawPath());
        return !path.matches() || issuer.getRawQuery() != null ? null
                : tenantId(path.group(1)) || MULTI_TENANT.contains(path.group(1)) ? path.group(1) : null;
    }

    public static boolean multiTenant(URI issuer) {
        return MULTI_TENANT.contains(tenantOf(issuer));
    }

    /**
     * The issuer the upstream's discovery document must say: for Entra's multi-tenant endpoints the template (OIDC Discovery
     * §4.3's exact match does not hold there), otherwise the configured issuer itself.
     */
    public static String metadataIssuer(UpstreamProfile profile, URI issuer) {
        return profile == UpstreamProfile.ENTRA_ID && multiTenant(issuer)
                ? issuer.getScheme() + "://" + issuer.getRawAuthority() + "/" + PLACEHOLDER + "/v2.0" : issuer.toString();
    }

    /** The tenants whose people may sign in: those configured or, for a tenant's own issuer, that tenant alone. */
    public static List<String> allowed(URI issuer, List<String> configured) {
        return configured.isEmpty() && !multiTenant(issuer) && tenantOf(issuer) != null ? List.of(tenantOf(issuer)) : configured;
    }
}
