package uk.civicid.broker.oidc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;
import org.springframework.stereotype.Component;
import uk.civicid.broker.client.ClientRegistrationEndpoint;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.config.NhsLoginVectors;
import uk.civicid.broker.config.OneLoginVectors;
import uk.civicid.broker.federation.Upstreams;
import uk.civicid.broker.identity.BrokerRoles;
import uk.civicid.broker.identity.NhsNumber;
import uk.civicid.broker.identity.NhsPatient;
import uk.civicid.broker.identity.VerifiedClaims;

/**
 * What the discovery documents ({@code /.well-known/openid-configuration}, OpenID Connect Discovery 1.0, and
 * {@code /.well-known/oauth-authorization-server}, RFC 8414) say the broker does: exactly what works and is tested
 * ({@code DiscoveryTest} names the test behind each value), nothing the framework would advertise by default that
 * CivicID does not support (mutual-TLS, client_secret_jwt, DPoP, token exchange). The acr values and trust frameworks
 * follow the upstreams enabled at the moment of the request.
 */
@Component
public class ProviderMetadata {

    /**
     * How apps authenticate at introspection and revocation; at the token endpoint also private_key_jwt (registered apps
     * with keys) and none (public apps, with PKCE).
     */
    static final List<String> CLIENT_AUTHENTICATION = List.of("client_secret_basic", "client_secret_post");
    static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token", "client_credentials");
    static final List<String> SCOPES = List.of("openid", "profile", "email", "phone", VerifiedClaims.SCOPE, NhsNumber.SCOPE,
            NhsPatient.GP_SCOPE, BrokerRoles.SCOPE);
    static final List<String> CLAIMS = List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid",
            "name", "email", "email_verified", "phone_number", "phone_number_verified", VerifiedClaims.CLAIM, NhsNumber.CLAIM,
            NhsPatient.GP_CLAIM, BrokerRoles.CLAIM);
    /** OpenID Connect for Identity Assurance 1.0 §8: the claims a verified identity can carry. */
    static final List<String> VERIFIED_CLAIMS = List.of("given_name", "family_name", "birthdate", "address");

    private final Upstreams upstreams;
    private final CivicIdProperties properties;

    public ProviderMetadata(Upstreams upstreams, CivicIdProperties properties) {
        this.upstreams = upstreams;
        this.properties = properties;
    }

    public void describe(OidcProviderConfiguration.Builder oidc) {
        oidc.claims(this::describeAuthorizationServer);
        oidc.subjectTypes(types -> {
                    types.clear();
                    types.addAll(List.of("public", "pairwise"));
                })
                .scopes(scopes -> {
                    scopes.clear();
                    scopes.addAll(SCOPES);
                })
                .claim("claims_supported", CLAIMS)
                .claim("acr_values_supported", List.copyOf(acrValues()))
                .claim("backchannel_logout_supported", true)
                .claim("backchannel_logout_session_supported", true)
                .claim("claims_parameter_supported", false)
                .claim("request_parameter_supported", false)
                .claim("request_uri_parameter_supported", false);
        Set<String> frameworks = trustFrameworks();
        if (!frameworks.isEmpty()) { // OIDC4IDA §8, only while an upstream can prove identities
            oidc.claim("verified_claims_supported", true)
                    .claim("trust_frameworks_supported", List.copyOf(frameworks))
                    .claim("claims_in_verified_claims_supported", VERIFIED_CLAIMS);
        }
    }

    /** RFC 8414's document: what both documents say alike. */
    public void describe(OAuth2AuthorizationServerMetadata.Builder metadata) {
        metadata.claims(this::describeAuthorizationServer);
    }

    /** What both documents say alike: client authentication, grants, and no mutual-TLS or DPoP. */
    private void describeAuthorizationServer(Map<String, Object> claims) {
        claims.put("token_endpoint_auth_methods_supported", Stream.concat(CLIENT_AUTHENTICATION.stream(), Stream.of("private_key_jwt", "none")).toList());
        claims.put("revocation_endpoint_auth_methods_supported", CLIENT_AUTHENTICATION);
        claims.put("introspection_endpoint_auth_methods_supported", CLIENT_AUTHENTICATION);
        claims.put("grant_types_supported", GRANT_TYPES);
        claims.remove("tls_client_certificate_bound_access_tokens");
        claims.remove("dpop_signing_alg_values_supported");
        claims.put("authorization_response_iss_parameter_supported", true);
        claims.put("registration_endpoint", properties.issuer().toString().replaceAll("/$", "") + ClientRegistrationEndpoint.PATH);
    }

    /** The acr of every enabled upstream's sign-ins, and of a passkey sign-in. */
    private Set<String> acrValues() {
        Set<String> acrs = new TreeSet<>();
        upstreams.all().forEach(u -> acrs.addAll(u.login().acrValues()));
        acrs.add(properties.passkeys().acr());
        return acrs;
    }

    private Set<String> trustFrameworks() {
        Set<String> frameworks = new TreeSet<>();
        upstreams.all().stream().filter(u -> u.login().oidc().identity() != null).forEach(u -> frameworks.add(switch (u.login().oidc().profile()) {
            case GOV_UK_ONE_LOGIN -> OneLoginVectors.TRUST_FRAMEWORK;
            case NHS_LOGIN -> NhsLoginVectors.TRUST_FRAMEWORK;
            case GENERIC, ENTRA_ID -> throw new IllegalStateException("only One Login and NHS login prove identities");
        }));
        return frameworks;
    }
}
