package uk.civicid.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The configuration rules that span several keys: a mistake stops start-up with a message naming the key. */
@Tag("unit")
class CivicIdPropertiesTest {

    static final Map<String, String> VALID = Map.of(
            "civicid.issuer", "https://id.council.example",
            "civicid.upstreams[0].id", "staff",
            "civicid.upstreams[0].display-name.en", "Council staff",
            "civicid.upstreams[0].issuer", "https://login.example",
            "civicid.upstreams[0].client-id", "civicid",
            "civicid.upstreams[0].client-secret", "s",
            "civicid.clients[0].client-id", "council-tax",
            "civicid.clients[0].name.en", "Council Tax",
            "civicid.clients[0].redirect-uris[0]", "https://tax.council.example/callback",
            "civicid.clients[0].upstreams[0]", "staff");

    @Test
    void aConsistentConfiguration_binds() {
        CivicIdProperties properties = bind(Map.of());
        assertThat(properties.clients()).hasSize(1);
        assertThat(properties.upstreams()).hasSize(1);
    }

    @Test
    void anAppAcceptingAnUnknownUpstream_isRefused() {
        assertRefused(Map.of("civicid.clients[0].upstreams[0]", "nhs"), "civicid.clients[0].upstreams: no upstream has the id 'nhs'");
    }

    @Test
    void anAppNamingAnUnknownResourceServer_isRefused() {
        assertRefused(Map.of("civicid.clients[0].resource-servers[0]", "tax-api"),
                "civicid.clients[0].resource-servers: no client has the id 'tax-api'");
    }

    @Test
    void duplicateIds_areRefused() {
        assertRefused(Map.of("civicid.clients[1].client-id", "council-tax", "civicid.clients[1].name.en", "Copy",
                "civicid.clients[1].redirect-uris[0]", "https://copy.example/cb"), "civicid.clients[1].client-id");
        assertRefused(Map.of("civicid.upstreams[1].id", "staff", "civicid.upstreams[1].display-name.en", "Copy",
                "civicid.upstreams[1].issuer", "https://other.example", "civicid.upstreams[1].client-id", "c",
                "civicid.upstreams[1].client-secret", "s"), "civicid.upstreams[1].id");
    }

    @Test
    void anUpstreamWithoutTheCredentialItsAuthenticationNeeds_isRefused() {
        assertRefused(Map.of("civicid.upstreams[0].client-secret", ""), "civicid.upstreams[0].client-secret");
    }

    /** GOV.UK One Login takes private_key_jwt only, and only the levels of authentication it documents. */
    @Test
    void aOneLoginUpstream_withAClientSecret_orAnUnknownVector_isRefused() {
        assertRefused(Map.of("civicid.upstreams[0].profile", "gov-uk-one-login", "civicid.upstreams[0].client-authentication",
                "client_secret_basic"), "civicid.upstreams[0].client-authentication: GOV.UK One Login takes private_key_jwt only");
        assertRefused(Map.of("civicid.upstreams[0].profile", "gov-uk-one-login", "civicid.upstreams[0].vtr[0]", "Cl.Cm.P2"),
                "civicid.upstreams[0].vtr: each vector must be one of [Cl, Cl.Cm]");
        CivicIdProperties.Upstream oneLogin = bind(Map.of("civicid.upstreams[0].profile", "gov-uk-one-login")).upstreams().get(0);
        assertThat(oneLogin.clientAuthentication()).isEqualTo(CivicIdProperties.ClientAuthentication.PRIVATE_KEY_JWT);
        assertThat(oneLogin.vtr()).containsExactly("Cl.Cm");
        assertThat(oneLogin.scopes()).containsExactly("openid", "email", "phone");
    }

    /** Identity proving is One Login's, at the vectors and claims it documents, and always with the core identity JWT. */
    @Test
    void identityProving_onAnotherProfile_orWithUnknownVectorsOrClaims_isRefused() {
        assertRefused(Map.of("civicid.upstreams[0].identity.issuer", "https://identity.example/"),
                "civicid.upstreams[0].identity: identity proving is GOV.UK One Login's or NHS login's (profile: gov-uk-one-login or nhs-login)");
        assertRefused(Map.of("civicid.upstreams[0].profile", "gov-uk-one-login", "civicid.upstreams[0].identity.vtr[0]", "P2.Cl.Cm"),
                "civicid.upstreams[0].identity: issuer must be an https URL");
        assertRefused(Map.of("civicid.upstreams[0].profile", "gov-uk-one-login", "civicid.upstreams[0].identity.issuer",
                "https://identity.example/", "civicid.upstreams[0].identity.vtr[0]", "P3.Cl.Cm"),
                "civicid.upstreams[0].identity: each vector must be one of [P1.Cl.Cm, P2.Cl.Cm]");
        assertRefused(Map.of("civicid.upstreams[0].profile", "gov-uk-one-login", "civicid.upstreams[0].identity.issuer",
                "https://identity.example/", "civicid.upstreams[0].identity.claims[0]", "address"),
                "civicid.upstreams[0].identity: claims must include coreIdentityJWT");
        CivicIdProperties.Upstream oneLogin = bind(Map.of("civicid.upstreams[0].profile", "gov-uk-one-login",
                "civicid.upstreams[0].identity.issuer", "https://identity.example/")).upstreams().get(0);
        assertThat(oneLogin.identity().vtr()).containsExactly("P2.Cl.Cm");
        assertThat(oneLogin.identity().claims()).containsExactly("coreIdentityJWT", "address", "returnCode");
    }

    /**
     * NHS login takes private_key_jwt only, signs RS512 only, and documents its own vectors; its identity proving is P9,
     * with the scopes that carry the names and date of birth, and needs no issuer.
     */
    @Test
    void anNhsLoginUpstream_withAClientSecret_anotherAlgorithm_orAnUnknownVector_isRefused() {
        assertRefused(Map.of("civicid.upstreams[0].profile", "nhs-login", "civicid.upstreams[0].client-authentication",
                "client_secret_basic"), "civicid.upstreams[0].client-authentication: NHS login takes private_key_jwt only");
        assertRefused(Map.of("civicid.upstreams[0].profile", "nhs-login", "civicid.upstreams[0].algorithms[0]", "RS256"),
                "civicid.upstreams[0].algorithms: NHS login signs its tokens with RS512 only");
        assertRefused(Map.of("civicid.upstreams[0].profile", "nhs-login", "civicid.upstreams[0].vtr[0]", "P7.Cp"),
                "civicid.upstreams[0].vtr: each vector must be one of [P0.Cp, P0.Cp.Cd");
        CivicIdProperties.Upstream nhs = bind(Map.of("civicid.upstreams[0].profile", "nhs-login")).upstreams().get(0);
        assertThat(nhs.clientAuthentication()).isEqualTo(CivicIdProperties.ClientAuthentication.PRIVATE_KEY_JWT);
        assertThat(nhs.algorithms()).containsExactly("RS512");
        assertThat(nhs.vtr()).as("what NHS login assumes without a vtr").containsExactly("P9.Cp.Cd", "P9.Cp.Ck", "P9.Cm");
        assertThat(nhs.scopes()).containsExactly("openid", "profile", "email", "phone");
    }

    @Test
    void nhsLoginIdentityProving_belowP9_withAnIssuer_orWithoutTheNameScopes_isRefused() {
        Map<String, String> nhs = Map.of("civicid.upstreams[0].profile", "nhs-login", "civicid.upstreams[0].scopes[0]", "openid",
                "civicid.upstreams[0].scopes[1]", "profile", "civicid.upstreams[0].scopes[2]", "profile_extended");
        assertRefused(with(nhs, "civicid.upstreams[0].identity.vtr[0]", "P5.Cp.Cd"),
                "civicid.upstreams[0].identity: each vector must be a P9 one of");
        assertRefused(with(nhs, "civicid.upstreams[0].identity.issuer", "https://identity.example/"),
                "civicid.upstreams[0].identity: NHS login's identity comes with its sign-in: give only vtr");
        assertRefused(Map.of("civicid.upstreams[0].profile", "nhs-login", "civicid.upstreams[0].identity.vtr[0]", "P9.Cm"),
                "civicid.upstreams[0].identity: scopes must include profile (family name, date of birth) and profile_extended (given name)");
        assertThat(bind(with(nhs, "civicid.upstreams[0].identity.vtr[0]", "P9.Cm")).upstreams().get(0).identity().vtr())
                .containsExactly("P9.Cm");
    }

    /** An app's identity level is one of the levels of assurance identities are proved at; an app that says none takes low. */
    @Test
    void anAppsIdentityLevel_isLowMediumOrHigh() {
        assertRefused(Map.of("civicid.clients[0].identity-level", "P2"), "low, medium or high");
        assertThat(bind(Map.of()).clients().get(0).identityLevel()).isEqualTo("low");
        assertThat(bind(Map.of("civicid.clients[0].identity-level", "high")).clients().get(0).identityLevel()).isEqualTo("high");
    }

    static final String TENANT = "8eaef023-2b34-4da1-9baa-8bc8c9d6a490";
    static final String OTHER_TENANT = "82229342-1101-4ab6-817b-70c0747630f3";

    /** An Entra ID upstream at this issuer, with these allowed tenants. */
    private static Map<String, String> entra(String issuer, String... tenants) {
        Map<String, String> entra = new HashMap<>(Map.of("civicid.upstreams[0].profile", "entra-id", "civicid.upstreams[0].issuer", issuer));
        for (int i = 0; i < tenants.length; i++) {
            entra.put("civicid.upstreams[0].allowed-tenants[" + i + "]", tenants[i]);
        }
        return entra;
    }

    /** A tenant's own issuer admits that tenant; RS256, the profile scope (for oid) and no userinfo call by default. */
    @Test
    void anEntraIdUpstream_atATenantsIssuer_admitsThatTenant_withEntrasDefaults() {
        CivicIdProperties.Upstream entra = bind(entra("https://login.microsoftonline.com/" + TENANT + "/v2.0")).upstreams().get(0);
        assertThat(entra.clientAuthentication()).isEqualTo(CivicIdProperties.ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(entra.scopes()).containsExactly("openid", "profile", "email");
        assertThat(entra.algorithms()).containsExactly("RS256");
        assertThat(entra.userinfo()).isEqualTo(CivicIdProperties.UserInfo.NEVER);
        assertThat(EntraTenants.allowed(entra.issuer(), entra.allowedTenants())).containsExactly(TENANT);
        assertThat(EntraTenants.metadataIssuer(entra.profile(), entra.issuer())).isEqualTo(entra.issuer().toString());
    }

    /** organizations and common publish a templated issuer: only the tenants listed may sign in, personal accounts only if listed. */
    @Test
    void anEntraIdUpstream_atAMultiTenantIssuer_needsItsAllowedTenants() {
        assertRefused(entra("https://login.microsoftonline.com/organizations/v2.0"),
                "civicid.upstreams[0].allowed-tenants: a multi-tenant issuer (organizations) needs the tenants whose people may sign in");
        assertRefused(entra("https://login.microsoftonline.com/common/v2.0"), "civicid.upstreams[0].allowed-tenants: a multi-tenant issuer (common)");
        CivicIdProperties.Upstream common = bind(entra("https://login.microsoftonline.com/common/v2.0", TENANT, EntraTenants.CONSUMERS))
                .upstreams().get(0);
        assertThat(EntraTenants.allowed(common.issuer(), common.allowedTenants())).containsExactly(TENANT, EntraTenants.CONSUMERS);
        assertThat(EntraTenants.metadataIssuer(common.profile(), common.issuer())).isEqualTo("https://login.microsoftonline.com/{tenantid}/v2.0");
    }

    @Test
    void anEntraIdUpstream_withATenantThatIsNoGuid_orAnotherTenantThanItsIssuers_isRefused() {
        assertRefused(entra("https://login.microsoftonline.com/organizations/v2.0", "contoso.onmicrosoft.com"),
                "civicid.upstreams[0].allowed-tenants: each must be a tenant ID: a GUID in lower case");
        assertRefused(entra("https://login.microsoftonline.com/organizations/v2.0", TENANT.toUpperCase(java.util.Locale.ROOT)),
                "civicid.upstreams[0].allowed-tenants: each must be a tenant ID");
        assertRefused(entra("https://login.microsoftonline.com/" + TENANT + "/v2.0", OTHER_TENANT),
                "civicid.upstreams[0].allowed-tenants: a tenant's issuer admits only its own tenant, " + TENANT);
        assertThat(bind(entra("https://login.microsoftonline.com/" + TENANT + "/v2.0", TENANT)).upstreams().get(0).allowedTenants())
                .containsExactly(TENANT);
    }

    /** Only v2.0 issuers: the v1.0 one (sts.windows.net) has other tokens; consumers' metadata names its tenant ID instead. */
    @Test
    void anEntraIdUpstream_atAnotherIssuer_isRefused() {
        for (String issuer : new String[] {"https://login.microsoftonline.com/" + TENANT, "https://sts.windows.net/" + TENANT + "/",
                "https://login.microsoftonline.com/consumers/v2.0", "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"}) {
            assertRefused(entra(issuer, TENANT), "civicid.upstreams[0].issuer: Entra ID's is {authority}/{tenant ID}/v2.0");
        }
    }

    @Test
    void anEntraIdUpstream_withPrivateKeyJwt_withoutTheProfileScope_orWithoutASecret_isRefused() {
        String issuer = "https://login.microsoftonline.com/" + TENANT + "/v2.0";
        assertRefused(with(entra(issuer), "civicid.upstreams[0].client-authentication", "private_key_jwt"),
                "civicid.upstreams[0].client-authentication: Entra ID takes client_secret_basic here (its certificate credentials need a certificate's x5t#S256)");
        assertRefused(with(with(entra(issuer), "civicid.upstreams[0].scopes[0]", "openid"), "civicid.upstreams[0].scopes[1]", "email"),
                "civicid.upstreams[0].scopes: Entra ID gives oid, the person's stable ID, only with the profile scope");
        assertRefused(with(entra(issuer), "civicid.upstreams[0].client-secret", ""), "civicid.upstreams[0].client-secret: is required");
    }

    @Test
    void allowedTenantsAndRoles_onAnotherProfile_areRefused() {
        assertRefused(Map.of("civicid.upstreams[0].allowed-tenants[0]", TENANT),
                "civicid.upstreams[0].allowed-tenants: only for Entra ID (profile: entra-id)");
        assertRefused(Map.of("civicid.upstreams[0].roles.caseworkers", "caseworker"),
                "civicid.upstreams[0].roles: only for Entra ID (profile: entra-id)");
        assertThat(bind(with(entra("https://login.microsoftonline.com/" + TENANT + "/v2.0"), "civicid.upstreams[0].roles.[Cases.Read]",
                "caseworker")).upstreams().get(0).roles()).containsExactly(Map.entry("Cases.Read", "caseworker"));
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new HashMap<>(base);
        all.put(key, value);
        return all;
    }

    /** private_key_jwt without a key file is signed by the broker's own client keys (published at /signin/client-jwks). */
    @Test
    void privateKeyJwt_withoutAKeyFile_isAccepted() {
        assertThat(bind(Map.of("civicid.upstreams[0].client-authentication", "private_key_jwt")).upstreams().get(0).privateKeyFile()).isNull();
    }

    @Test
    void aRedirectUriWithAFragment_orRelative_isRefused() {
        assertRefused(Map.of("civicid.clients[0].redirect-uris[0]", "https://tax.council.example/cb#x"), "without a fragment");
        assertRefused(Map.of("civicid.clients[0].post-logout-redirect-uris[0]", "/signed-out"), "must be absolute");
    }

    @Test
    void aPublicClientWithClientCredentials_isRefused() {
        assertRefused(Map.of("civicid.clients[0].grant-types[0]", "client_credentials"), "civicid.clients[0].grant-types");
    }

    /** Anything else fails every token request of the app with a 500, or keeps its secret in clear; the message never repeats it. */
    @Test
    void aClientSecretHash_thatIsNotABcryptHash_isRefused() {
        for (String notABcryptHash : new String[] {"tax-secret", "{noop}tax-secret", "{bcrypt}tax-secret", "",
                "{argon2}$argon2id$v=19$m=16384,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"}) {
            assertThatThrownBy(() -> bind(Map.of("civicid.clients[0].client-secret-hash", notABcryptHash)))
                    .isInstanceOf(BindException.class).rootCause()
                    .hasMessageContaining("civicid.clients[0].client-secret-hash").hasMessageNotContaining("tax-secret");
        }
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("tax-secret");
        assertThat(bind(Map.of("civicid.clients[0].client-secret-hash", hash)).clients().get(0).isPublic()).isFalse();
    }

    @Test
    void pairwiseSubjects_needALongEnoughSecret() {
        assertRefused(Map.of("civicid.clients[0].subject-type", "pairwise"), "civicid.pairwise-secret");
        assertRefused(Map.of("civicid.clients[0].subject-type", "pairwise", "civicid.pairwise-secret", "short"), "civicid.pairwise-secret");
        assertThat(bind(Map.of("civicid.clients[0].subject-type", "pairwise",
                "civicid.pairwise-secret", "0123456789abcdef0123456789abcdef")).pairwiseSecret()).hasSize(32);
    }

    private static void assertRefused(Map<String, String> change, String message) {
        assertThatThrownBy(() -> bind(change)).isInstanceOf(BindException.class).rootCause().hasMessageContaining(message);
    }

    private static CivicIdProperties bind(Map<String, String> change) {
        Map<String, String> properties = new HashMap<>(VALID);
        properties.putAll(change);
        return new Binder(new MapConfigurationPropertySource(properties)).bind("civicid", CivicIdProperties.class).get();
    }
}
