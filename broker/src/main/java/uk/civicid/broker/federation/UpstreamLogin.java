package uk.civicid.broker.federation;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.config.CivicIdProperties.ClientAuthentication;
import uk.civicid.broker.config.CivicIdProperties.IdentityProving;
import uk.civicid.broker.config.CivicIdProperties.LocalisedText;
import uk.civicid.broker.config.CivicIdProperties.UpstreamProfile;
import uk.civicid.broker.config.CivicIdProperties.UpstreamType;
import uk.civicid.broker.config.CivicIdProperties.UserInfo;
import uk.civicid.broker.config.EntraTenants;
import uk.civicid.broker.config.NhsLoginVectors;
import uk.civicid.broker.config.OneLoginVectors;

/**
 * An upstream login as the sign-in core sees it, whatever its source (configuration, or the admin API's store): what
 * people see, what a sign-in there is worth, how its claims map, and how its connector (picked by {@link #type}) reaches
 * it. Built once from the validated settings; secrets are inside and never printed.
 *
 * @param acr    what a sign-in here is worth (an eIDAS level of assurance)
 * @param amr    RFC 8176 methods a sign-in here counts as, "fed" first
 * @param claims broker claim → upstream claim
 * @param roles  upstream role or group → broker role (Entra ID's app roles and groups); empty when it gives none
 * @param oidc   how to reach it, for {@link UpstreamType#OIDC}
 */
public record UpstreamLogin(String id, UpstreamType type, LocalisedText displayName, String acr, List<String> amr,
                            Map<String, String> claims, Map<String, String> roles, OidcClient oidc) {

    /**
     * The broker as an OAuth client of an OpenID provider.
     *
     * @param privateKey for private_key_jwt: the private JWK with its kid; null for client_secret_basic
     * @param vtr        GOV.UK One Login's or NHS login's Vectors of Trust to ask for; empty for other profiles
     * @param identity   how it proves a person's identity, when it does; else null
     * @param tenants    for Entra ID, the tenants whose people may sign in (a tenant issuer's own, or those configured); else empty
     */
    public record OidcClient(URI issuer, String clientId, ClientAuthentication authentication, String clientSecret, JWK privateKey,
                             List<String> scopes, List<String> algorithms, UserInfo userinfo, UpstreamProfile profile, List<String> vtr,
                             IdentityProving identity, List<String> tenants) {
        @Override
        public String toString() {
            return "OidcClient[" + issuer + ", " + clientId + "]"; // never the secret or the key
        }
    }

    /**
     * The {@code acr} values a sign-in here can give: the configured one, or, for an upstream answering Vectors of Trust,
     * the level of authentication of each vector it is asked for (its {@code vot} sets the sign-in's worth).
     */
    public Set<String> acrValues() {
        Stream<String> vectors = Stream.concat(oidc.vtr().stream(), oidc.identity() == null ? Stream.empty() : oidc.identity().vtr().stream());
        return switch (oidc.profile()) {
            case GOV_UK_ONE_LOGIN -> vectors.map(v -> OneLoginVectors.worth(OneLoginVectors.authentication(v)).acr()).collect(Collectors.toSet());
            case NHS_LOGIN -> vectors.map(v -> NhsLoginVectors.worth(v).acr()).collect(Collectors.toSet());
            case GENERIC, ENTRA_ID -> Set.of(acr);
        };
    }

    /** Whether apps that ask for a verified identity of this level (low, medium, high) can be sent here for one. */
    public boolean provesIdentity(String level) {
        return oidc.identity() != null && !oidc.identity().vtrAtLeast(oidc.profile(), level).isEmpty();
    }

    public UpstreamLogin {
        amr = amr.contains("fed") ? List.copyOf(amr) : Stream.concat(Stream.of("fed"), amr.stream()).toList();
        claims = Map.copyOf(claims);
        roles = Map.copyOf(roles);
    }

    /**
     * The login the settings describe, with the private key for private_key_jwt as JSON (from the key file or the store).
     * The settings were validated already (configuration at start-up, the admin API before storing).
     */
    public static UpstreamLogin of(CivicIdProperties.Upstream settings, String privateKeyJwk) {
        JWK key = privateKeyJwk == null ? null : parseKey(settings.id(), privateKeyJwk);
        String keyProblem = keyProblem(settings.profile(), key);
        if (keyProblem != null) {
            throw new IllegalArgumentException("upstream '" + settings.id() + "' (private-key-file): " + keyProblem);
        }
        return new UpstreamLogin(settings.id(), settings.type(), settings.displayName(), settings.acr(), settings.amr(), settings.claims(),
                settings.roles(), new OidcClient(settings.issuer(), settings.clientId(), settings.clientAuthentication(), settings.clientSecret(),
                        key, settings.scopes(), settings.algorithms(), settings.userinfo(), settings.profile(), settings.vtr(), settings.identity(),
                        settings.profile() == UpstreamProfile.ENTRA_ID ? EntraTenants.allowed(settings.issuer(), settings.allowedTenants()) : List.of()));
    }

    /**
     * What is wrong with the client key for this profile, or null. NHS login registers a partner's own public key, given
     * as a PEM ("Generating a PEM key pair", https://nhsconnect.github.io/nhslogin/generating-pem/), not a JWKS URL, and
     * takes RS512 client assertions only: so its upstream needs a private RSA key of its own.
     */
    public static String keyProblem(UpstreamProfile profile, JWK key) {
        if (profile != UpstreamProfile.NHS_LOGIN) {
            return null;
        }
        return key == null ? "NHS login needs a private RSA key of its own (it registers a public key, not the broker's client JWKS URL)"
                : key.getKeyType() != KeyType.RSA ? "NHS login takes RS512 client assertions: the private key must be RSA" : null;
    }

    /** A private JWK with its kid, for private_key_jwt; the message never contains the key. */
    public static JWK parseKey(String upstreamId, String json) {
        try {
            JWK key = JWK.parse(json);
            if (!key.isPrivate()) {
                throw new IllegalArgumentException("the private key of upstream " + upstreamId + " holds no private part");
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalArgumentException("the private key of upstream " + upstreamId + " is not a JWK");
        }
    }

    @Override
    public String toString() {
        return "UpstreamLogin[" + id + "]";
    }
}
