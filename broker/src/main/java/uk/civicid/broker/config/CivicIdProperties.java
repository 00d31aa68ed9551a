package uk.civicid.broker.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import uk.civicid.broker.config.SignatureAlgorithms;
import uk.civicid.broker.config.UpstreamUris;
import uk.civicid.broker.identity.VerifiedClaims;

/**
 * Everything CivicID can be configured with, under {@code civicid.*}. Validated at start-up: a bad value
 * stops the broker with a message naming the key. Secrets are given through the environment or files
 * (Spring's {@code ${ENV_VAR}} placeholders, {@code *-file} keys), never in a committed file.
 */
@Validated
@ConfigurationProperties("civicid")
public record CivicIdProperties(
        /** The broker's issuer identifier: the base URL apps discover it at. */
        @NotNull URI issuer,
        @Valid @NotNull @DefaultValue Tokens tokens,
        @Valid @NotNull @DefaultValue Sessions sessions,
        @Valid @NotNull @DefaultValue Federation federation,
        /** Secret that keys pairwise subject identifiers; changing it changes every pairwise sub. */
        String pairwiseSecret,
        @Valid @NotNull @DefaultValue Demo demo,
        @Valid @NotNull @DefaultValue Store store,
        @Valid @NotNull @DefaultValue Passkeys passkeys,
        @Valid @NotNull @DefaultValue Admin admin,
        List<@Valid Upstream> upstreams,
        List<@Valid Client> clients) {

    public CivicIdProperties {
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        clients = clients == null ? List.of() : List.copyOf(clients);
        checkConsistent(upstreams, clients, pairwiseSecret);
    }

    /** What Spring's client-secret check accepts: a bcrypt hash, with the id of its encoder. */
    private static final java.util.regex.Pattern BCRYPT_HASH = java.util.regex.Pattern.compile("\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

    /** The rules that field annotations cannot express, most spanning several keys. Each message names the key to fix. */
    private static void checkConsistent(List<Upstream> upstreams, List<Client> clients, String pairwiseSecret) {
        Set<String> upstreamIds = new HashSet<>();
        for (int i = 0; i < upstreams.size(); i++) {
            Upstream upstream = upstreams.get(i);
            String key = "civicid.upstreams[" + i + "]";
            require(upstreamIds.add(upstream.id()), key + ".id: '" + upstream.id() + "' is used by another upstream");
            upstream.problems().stream().findFirst().ifPresent(problem -> {
                String field = "privateKey".equals(problem.field()) ? "private-key-file"
                        : problem.field().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
                throw new IllegalArgumentException(key + "." + field + ": " + problem.message());
            });
        }
        Set<String> clientIds = new HashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            Client client = clients.get(i);
            String key = "civicid.clients[" + i + "]";
            require(clientIds.add(client.clientId()), key + ".client-id: '" + client.clientId() + "' is used by another client");
            // Anything else fails every token request, or ({noop}) keeps the secret in clear. Not {sha256}, which is sound
            // only for the broker's own 256-bit secrets: an operator's secret may be guessable. Not a @Pattern: its
            // start-up report prints the value, which may be a secret pasted here by mistake.
            require(client.isPublic() || BCRYPT_HASH.matcher(client.clientSecretHash()).matches(),
                    key + ".client-secret-hash: not a {bcrypt} hash; give the hash of the secret, never the secret, or leave the key out for a public client");
            client.upstreams().stream().filter(id -> !upstreamIds.contains(id)).findFirst().ifPresent(id -> {
                throw new IllegalArgumentException(key + ".upstreams: no upstream has the id '" + id + "'");
            });
            require(!client.grantTypes().contains("authorization_code") || !client.redirectUris().isEmpty(),
                    key + ".redirect-uris: an app that signs people in needs at least one");
            // RFC 6749 §3.1.2: exact URIs without fragments; every redirect target is compared as a whole string.
            Stream.concat(client.redirectUris().stream(), client.postLogoutRedirectUris().stream())
                    .filter(uri -> !uri.isAbsolute() || uri.getRawFragment() != null).findFirst().ifPresent(uri -> {
                        throw new IllegalArgumentException(key + ": redirect URI " + uri + " must be absolute, without a fragment");
                    });
            client.resourceServers().stream().filter(id -> clients.stream().noneMatch(c -> c.clientId().equals(id))).findFirst()
                    .ifPresent(id -> {
                        throw new IllegalArgumentException(key + ".resource-servers: no client has the id '" + id + "'");
                    });
            require(VerifiedClaims.LEVELS.contains(client.identityLevel()),
                    key + ".identity-level: low, medium or high (the level of assurance of the verified identity the app takes)");
            require(!client.isPublic() || !client.grantTypes().contains("client_credentials"),
                    key + ".grant-types: a public client (no client-secret-hash) cannot use client_credentials");
            require(client.subjectType() != SubjectType.PAIRWISE || (pairwiseSecret != null && pairwiseSecret.length() >= 32),
                    "civicid.pairwise-secret: at least 32 characters are required when " + key + " has pairwise subjects");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public record Tokens(
            @DefaultValue("5m") Duration accessTokenTtl,
            @DefaultValue("8h") Duration refreshTokenTtl,
            @DefaultValue("2m") Duration authorizationCodeTtl,
            /** A new signing key pair is made when the newest is this old; the old keys stay published until no token signed with them can be valid. */
            @DefaultValue("90d") Duration signingKeyRotation,
            /** How often each node rereads the signing keys, so keys rotated on one node reach all. */
            @DefaultValue("60s") Duration signingKeyRefresh) {}

    public record Sessions(
            /** A browser session ends after this long without a request. */
            @DefaultValue("30m") Duration idleTimeout,
            /** A single sign-on session ends this long after sign-in, however active. */
            @DefaultValue("12h") Duration maxLifetime,
            /** How long a person has to finish signing in at an upstream. */
            @DefaultValue("10m") Duration signInTimeout) {}

    public record Federation(
            /** An ID token with an unknown kid refetches the upstream's JWKS at most this often. */
            @DefaultValue("60s") Duration jwksRefetchInterval,
            /** Allowed clock difference with upstreams when checking exp and iat. */
            @DefaultValue("60s") Duration clockSkew,
            @DefaultValue("5s") Duration httpTimeout,
            /** How often each node checks whether upstreams added or changed through the admin API have changed (one small read). */
            @DefaultValue("10s") Duration upstreamRefresh,
            /** The broker's client keys for private_key_jwt (published at /signin/client-jwks) get a new pair when the newest is this old. */
            @DefaultValue("180d") Duration clientKeyRotation,
            /** How long a replaced client key stays published once out of use: upstreams may cache the broker's JWKS this long. */
            @DefaultValue("1d") Duration clientKeyRetirement) {}

    /**
     * The Redis store, used when {@code spring.data.redis.*} is configured (connection, TLS, ACL user and
     * password, Sentinel and Cluster are Spring Boot's standard {@code spring.data.redis} keys).
     */
    public record Store(
            /** Prefix of every key, so several deployments (or test runs) can share one Redis. */
            @NotBlank @DefaultValue("civicid:") String keyPrefix,
            /**
             * Base64 of a 256-bit AES key that encrypts the signing keys' private parts at rest in Redis.
             * Required with Redis; give it through the environment (CIVICID_KEY_ENCRYPTION_KEY) or a secret file.
             */
            String keyEncryptionKey,
            /** Audit events kept, in the Redis stream or in memory (older ones are dropped; export them to a SIEM to keep more). */
            @DefaultValue("100000") int auditRetention) {}

    /**
     * Passkeys (WebAuthn): registered from the account page, then a sign-in of their own and the step-up for
     * apps that require a phishing-resistant sign-in.
     */
    public record Passkeys(
            /** The relying party ID: the issuer's host name, or a parent domain of it. Empty means the issuer's host. */
            String rpId,
            @NotBlank @DefaultValue("CivicID") String rpName,
            /** Origins allowed to use passkeys; empty means the issuer's origin only. */
            @DefaultValue List<URI> allowedOrigins,
            /** Attestation asked for at registration: none, indirect or direct (with an AAGUID allow-list, use direct). */
            @NotNull @DefaultValue("none") Attestation attestation,
            /** Authenticator models (AAGUIDs) accepted at registration; empty accepts any. */
            @DefaultValue List<String> allowedAaguids,
            /** What a passkey sign-in is worth: the acr it gives (it always adds amr hwk and user). */
            @NotBlank @DefaultValue("http://eidas.europa.eu/LoA/high") String acr) {}

    public enum Attestation { NONE, INDIRECT, DIRECT }

    /**
     * Who may use the admin API (and so the console). Every caller also needs a passkey sign-in and the console's
     * admin scopes; see {@code AdminAccess}.
     */
    public record Admin(
            /** Administrators, each named by one of their logins: {@code upstream-id:subject} (the upstream's sub). */
            @DefaultValue List<@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}:.+", message = "upstream-id:subject") String> administrators,
            /** Upstreams whose people may register apps and manage the apps they own (typically the staff login). */
            @DefaultValue List<String> appTeamUpstreams) {}

    /**
     * The built-in demo upstream login (personas, no password) for the embedded default. It lets anyone
     * sign in as anyone, so it is refused outside the {@code demo} profile.
     */
    public record Demo(@DefaultValue("false") boolean insecureDemoLogin) {}

    /**
     * An upstream OpenID Connect identity provider whose sign-ins the broker accepts: configured here, or added through
     * the admin API (then with the same rules: these annotations and {@link #problems}). Defaults are applied by the
     * constructor, so both ways get them.
     */
    public record Upstream(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "lower-case letters, digits and '-'") String id,
            /** How the broker talks to it, which picks its connector: oidc (the default; saml is the next). */
            UpstreamType type,
            @Valid @NotNull LocalisedText displayName,
            /** Issuer identifier; its metadata is read from {issuer}/.well-known/openid-configuration. */
            @NotNull URI issuer,
            @NotBlank String clientId,
            /** client_secret_basic (the default) or private_key_jwt. */
            @NotNull ClientAuthentication clientAuthentication,
            /** For client_secret_basic; give it through the environment. */
            String clientSecret,
            /** For private_key_jwt: a file holding the private key as a JWK (JSON) with its kid; without one, the broker's own client keys (published at /signin/client-jwks) sign. */
            Path privateKeyFile,
            /** Default openid, email, profile. */
            @NotEmpty List<@NotBlank String> scopes,
            /** Broker claim name → upstream claim name (name, email, email_verified, given_name, family_name). */
            Map<String, String> claims,
            /** What a sign-in here is worth: an eIDAS level of assurance (default low). */
            @NotBlank String acr,
            /** RFC 8176 methods a sign-in here counts as; "fed" is always added. */
            List<String> amr,
            /** ID-token signature algorithms accepted from this upstream (default RS256, PS256, ES256); never none or HMAC. */
            @NotEmpty List<String> algorithms,
            /** When to call the upstream's userinfo endpoint after the code exchange (default auto). */
            UserInfo userinfo,
            /** The rules of a known service on top of OpenID Connect's: generic (the default), gov-uk-one-login, nhs-login or entra-id. */
            UpstreamProfile profile,
            /**
             * Vectors of Trust to ask for (RFC 8485): GOV.UK One Login's, each one of {@link OneLoginVectors}, default [Cl.Cm];
             * NHS login's, each one of {@link NhsLoginVectors}, default [P9.Cp.Cd, P9.Cp.Ck, P9.Cm]. None for other profiles.
             */
            List<String> vtr,
            /** For GOV.UK One Login and NHS login: how it proves identities, when apps may ask for a verified identity; null when none may. */
            @Valid IdentityProving identity,
            /**
             * For Entra ID: the tenants (tenant IDs) whose people may sign in. Required with a multi-tenant issuer
             * (organizations, common); a tenant's own issuer admits that tenant only. Personal Microsoft accounts only when
             * their tenant, {@link EntraTenants#CONSUMERS}, is listed.
             */
            List<String> allowedTenants,
            /** For Entra ID: an app role (roles claim) or group object ID (groups claim) → the broker role it gives; others are dropped. */
            Map<String, String> roles,
            @DefaultValue("true") boolean enabled) {

        public Upstream {
            type = type == null ? UpstreamType.OIDC : type;
            profile = profile == null ? UpstreamProfile.GENERIC : profile;
            // A known service's own rules as defaults: GOV.UK One Login and NHS login take private_key_jwt only; One Login
            // has no profile scope; NHS login signs with RS512 and, without a vtr, assumes high proofing.
            boolean oneLogin = profile == UpstreamProfile.GOV_UK_ONE_LOGIN;
            boolean nhsLogin = profile == UpstreamProfile.NHS_LOGIN;
            // Entra ID signs RS256 and puts the profile claims in the ID token; it never says email_verified, so userinfo
            // (at Microsoft Graph) would be asked at every sign-in for a claim it never gives.
            boolean entra = profile == UpstreamProfile.ENTRA_ID;
            clientAuthentication = clientAuthentication != null ? clientAuthentication
                    : oneLogin || nhsLogin ? ClientAuthentication.PRIVATE_KEY_JWT : ClientAuthentication.CLIENT_SECRET_BASIC;
            scopes = scopes != null ? List.copyOf(scopes) : oneLogin ? List.of("openid", "email", "phone")
                    : nhsLogin ? List.of("openid", "profile", "email", "phone")
                    : entra ? List.of("openid", "profile", "email") : List.of("openid", "email", "profile");
            claims = claims == null ? Map.of() : Map.copyOf(claims);
            acr = acr == null ? "http://eidas.europa.eu/LoA/low" : acr;
            amr = amr == null ? List.of() : List.copyOf(amr);
            algorithms = algorithms != null ? List.copyOf(algorithms) : nhsLogin ? List.of("RS512")
                    : entra ? List.of("RS256") : List.of("RS256", "PS256", "ES256");
            userinfo = userinfo != null ? userinfo : entra ? UserInfo.NEVER : UserInfo.AUTO;
            vtr = vtr != null && !vtr.isEmpty() && (oneLogin || nhsLogin) ? List.copyOf(vtr)
                    : oneLogin ? List.of("Cl.Cm") : nhsLogin ? NhsLoginVectors.DEFAULT : List.of();
            identity = identity == null ? null : identity.withDefaults(profile);
            allowedTenants = allowedTenants == null ? List.of() : List.copyOf(allowedTenants);
            roles = roles == null ? Map.of() : Map.copyOf(roles);
        }

        /** One rule an upstream breaks: the record component it concerns ({@code privateKey} for the key however given) and why. */
        public record Problem(String field, String message) {}

        /** The rules that field annotations cannot express, shared by configuration and the admin API. */
        public List<Problem> problems() {
            List<Problem> problems = new java.util.ArrayList<>();
            if (issuer != null && !UpstreamUris.acceptable(issuer)) {
                problems.add(new Problem("issuer", "must be an https URL (http only on a loopback address), without a fragment"));
            }
            if (algorithms != null && !algorithms.stream().allMatch(SignatureAlgorithms::allowed)) {
                problems.add(new Problem("algorithms", "only asymmetric signature algorithms: " + SignatureAlgorithms.NAMES));
            }
            if (profile == UpstreamProfile.GOV_UK_ONE_LOGIN && clientAuthentication != ClientAuthentication.PRIVATE_KEY_JWT) {
                problems.add(new Problem("clientAuthentication", "GOV.UK One Login takes private_key_jwt only"));
            }
            if (profile == UpstreamProfile.NHS_LOGIN && clientAuthentication != ClientAuthentication.PRIVATE_KEY_JWT) {
                problems.add(new Problem("clientAuthentication", "NHS login takes private_key_jwt only"));
            }
            if (profile == UpstreamProfile.NHS_LOGIN && algorithms != null && !algorithms.equals(List.of("RS512"))) {
                problems.add(new Problem("algorithms", "NHS login signs its tokens with RS512 only"));
            }
            if (profile == UpstreamProfile.GOV_UK_ONE_LOGIN && vtr != null && !vtr.stream().allMatch(OneLoginVectors::known)) {
                problems.add(new Problem("vtr", "each vector must be one of " + OneLoginVectors.NAMES));
            }
            if (profile == UpstreamProfile.NHS_LOGIN && vtr != null && !vtr.stream().allMatch(NhsLoginVectors::known)) {
                problems.add(new Problem("vtr", "each vector must be one of " + NhsLoginVectors.NAMES));
            }
            if (identity != null) {
                identity.problems(profile, scopes).forEach(message -> problems.add(new Problem("identity", message)));
            }
            if (profile == UpstreamProfile.ENTRA_ID) {
                entraProblems(problems);
            } else {
                if (allowedTenants != null && !allowedTenants.isEmpty()) {
                    problems.add(new Problem("allowedTenants", "only for Entra ID (profile: entra-id)"));
                }
                if (roles != null && !roles.isEmpty()) {
                    problems.add(new Problem("roles", "only for Entra ID (profile: entra-id)"));
                }
            }
            if (clientAuthentication == ClientAuthentication.CLIENT_SECRET_BASIC
                    && (profile == UpstreamProfile.GENERIC || profile == UpstreamProfile.ENTRA_ID)
                    && (clientSecret == null || clientSecret.isBlank())) {
                problems.add(new Problem("clientSecret", "is required for client_secret_basic"));
            }
            return problems;
        }

        /**
         * Entra ID's rules ("Access tokens: validate the issuer", https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer):
         * a v2.0 issuer, a tenant's or a multi-tenant one with the tenants it admits, and a client secret.
         */
        private void entraProblems(List<Problem> problems) {
            String tenant = issuer == null ? null : EntraTenants.tenantOf(issuer);
            if (issuer != null && tenant == null) {
                problems.add(new Problem("issuer", "Entra ID's is {authority}/{tenant ID}/v2.0, or /organizations/v2.0 or /common/v2.0 for "
                        + "several tenants (personal accounts only: the tenant " + EntraTenants.CONSUMERS + ")"));
            }
            if (!allowedTenants.stream().allMatch(EntraTenants::tenantId)) {
                problems.add(new Problem("allowedTenants", "each must be a tenant ID: a GUID in lower case"));
            } else if (tenant != null && EntraTenants.multiTenant(issuer) && allowedTenants.isEmpty()) {
                problems.add(new Problem("allowedTenants", "a multi-tenant issuer (" + tenant + ") needs the tenants whose people may sign in"));
            } else if (tenant != null && !EntraTenants.multiTenant(issuer) && !allowedTenants.stream().allMatch(tenant::equals)) {
                problems.add(new Problem("allowedTenants", "a tenant's issuer admits only its own tenant, " + tenant
                        + ": leave allowed-tenants out, or use /organizations/v2.0 for several"));
            }
            if (scopes != null && !scopes.contains("profile")) { // "ID token claims reference": oid comes with profile only
                problems.add(new Problem("scopes", "Entra ID gives oid, the person's stable ID, only with the profile scope"));
            }
            if (clientAuthentication == ClientAuthentication.PRIVATE_KEY_JWT) {
                // "Certificate credentials": an assertion names a certificate registered at Entra by its x5t#S256 thumbprint;
                // the broker's client keys have no certificate.
                problems.add(new Problem("clientAuthentication", "Entra ID takes client_secret_basic here (its certificate credentials need a certificate's x5t#S256)"));
            }
            if (roles.values().stream().anyMatch(role -> role == null || role.isBlank())) {
                problems.add(new Problem("roles", "each must name a broker role"));
            }
        }

        public Upstream withEnabled(boolean on) {
            return new Upstream(id, type, displayName, issuer, clientId, clientAuthentication, clientSecret, privateKeyFile, scopes,
                    claims, acr, amr, algorithms, userinfo, profile, vtr, identity, allowedTenants, roles, on);
        }

        public Upstream withClientSecret(String secret) {
            return new Upstream(id, type, displayName, issuer, clientId, clientAuthentication, secret, privateKeyFile, scopes,
                    claims, acr, amr, algorithms, userinfo, profile, vtr, identity, allowedTenants, roles, enabled);
        }

        @Override
        public String toString() {
            return "Upstream[" + id + "]"; // never print the client secret
        }
    }

    /**
     * An upstream's identity proving, asked for only when an app asks for a verified identity. GOV.UK One Login ("Prove
     * your user's identity", https://docs.sign-in.service.gov.uk/integrate-with-integration-environment/prove-users-identity/)
     * answers with a core identity JWT at userinfo; NHS login with the claims of a P9 account at userinfo ("Scopes and
     * claims", https://nhsconnect.github.io/nhslogin/scopes-and-claims/).
     *
     * @param issuer for One Login, the issuer of its core identity JWT, {@code https://identity.account.gov.uk/}
     *               (integration: {@code https://identity.integration.account.gov.uk/}); its signing keys are in the DID
     *               document at {issuer}/.well-known/did.json. None for NHS login
     * @param vtr    the vectors to ask for then: One Login's a level of confidence with a level of authentication, default
     *               [P2.Cl.Cm]; NHS login's P9 ones, default [P9.Cp.Cd, P9.Cp.Ck, P9.Cm]
     * @param claims for One Login, the identity claims to ask for, by their name under https://vocab.account.gov.uk/v1/:
     *               coreIdentityJWT (always), address, passport, drivingPermit, returnCode; default coreIdentityJWT,
     *               address, returnCode. None for NHS login
     */
    public record IdentityProving(URI issuer, List<String> vtr, List<String> claims) {

        public IdentityProving {
            vtr = vtr == null ? List.of() : List.copyOf(vtr);
            claims = claims == null ? List.of() : List.copyOf(claims);
        }

        /** The vectors asked for a verified identity of at least this level (low, medium, high): empty when none proves one so high. */
        public List<String> vtrAtLeast(UpstreamProfile profile, String level) {
            return vtr.stream().filter(vector -> VerifiedClaims.meets(assuranceLevel(profile, vector), level)).toList();
        }

        /** The level of assurance an identity proved at this vector has: One Login's P1 low, P2 medium; NHS login's P9 high. */
        public static String assuranceLevel(UpstreamProfile profile, String vector) {
            return switch (profile) {
                case GOV_UK_ONE_LOGIN -> OneLoginVectors.assuranceLevel(OneLoginVectors.confidence(vector));
                case NHS_LOGIN -> NhsLoginVectors.IDENTITY_ASSURANCE;
                case GENERIC, ENTRA_ID -> throw new IllegalArgumentException("a " + profile + " upstream proves no identities");
            };
        }

        /** With the defaults of the upstream's profile for what is not set. */
        IdentityProving withDefaults(UpstreamProfile profile) {
            return switch (profile) {
                case GOV_UK_ONE_LOGIN -> new IdentityProving(issuer, vtr.isEmpty() ? List.of("P2.Cl.Cm") : vtr,
                        claims.isEmpty() ? List.of("coreIdentityJWT", "address", "returnCode") : claims);
                case NHS_LOGIN -> new IdentityProving(issuer, vtr.isEmpty() ? NhsLoginVectors.DEFAULT : vtr, claims);
                case GENERIC, ENTRA_ID -> this;
            };
        }

        List<String> problems(UpstreamProfile profile, List<String> scopes) {
            List<String> problems = new java.util.ArrayList<>();
            switch (profile) {
                case GOV_UK_ONE_LOGIN -> {
                    if (issuer == null || !UpstreamUris.acceptable(issuer)) {
                        problems.add("issuer must be an https URL (http only on a loopback address), without a fragment");
                    }
                    if (!vtr.stream().allMatch(OneLoginVectors::provesIdentity)) {
                        problems.add("each vector must be one of " + OneLoginVectors.IDENTITY_NAMES);
                    }
                    if (!OneLoginVectors.IDENTITY_CLAIMS.containsAll(claims) || !claims.contains("coreIdentityJWT")) {
                        problems.add("claims must include coreIdentityJWT, and be of " + OneLoginVectors.IDENTITY_CLAIMS);
                    }
                }
                case NHS_LOGIN -> {
                    if (issuer != null || !claims.isEmpty()) {
                        problems.add("NHS login's identity comes with its sign-in: give only vtr");
                    }
                    if (!vtr.stream().allMatch(v -> NhsLoginVectors.known(v)
                            && NhsLoginVectors.IDENTITY_LEVEL.equals(NhsLoginVectors.proofingLevel(v)))) {
                        problems.add("each vector must be a P9 one of " + NhsLoginVectors.NAMES);
                    }
                    if (scopes != null && !scopes.containsAll(List.of("profile", "profile_extended"))) {
                        problems.add("scopes must include profile (family name, date of birth) and profile_extended (given name)");
                    }
                }
                case GENERIC, ENTRA_ID -> problems.add("identity proving is GOV.UK One Login's or NHS login's (profile: gov-uk-one-login or nhs-login)");
            }
            return problems;
        }
    }

    /** A known service's rules on top of its protocol's. */
    public enum UpstreamProfile { GENERIC, GOV_UK_ONE_LOGIN, NHS_LOGIN, ENTRA_ID }

    /** The protocol an upstream speaks; each has its own connector. */
    public enum UpstreamType { OIDC }

    public enum ClientAuthentication { CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT }

    /**
     * When the broker asks an upstream's userinfo endpoint for the person's claims (OIDC Core §5.3): {@code auto} when
     * a claim the broker reads (by the scopes asked for, or named in {@code claims}) is missing from the ID token, as
     * with upstreams that put profile claims at userinfo only; {@code always}; or {@code never}.
     */
    public enum UserInfo { AUTO, ALWAYS, NEVER }

    public record LocalisedText(@NotBlank String en, String cy) {
        public String in(java.util.Locale locale) {
            return "cy".equals(locale.getLanguage()) && cy != null && !cy.isBlank() ? cy : en;
        }
    }

    /** An app (relying party) registered in configuration. */
    public record Client(
            @NotBlank String clientId,
            @Valid @NotNull LocalisedText name,
            /** A {bcrypt} hash of the secret (never the secret); absent for a public client. */
            String clientSecretHash,
            @DefaultValue List<URI> redirectUris,
            @DefaultValue List<URI> postLogoutRedirectUris,
            @NotEmpty @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
            /** Of authorization_code, refresh_token and client_credentials; nothing else is offered (no implicit, no password). */
            @NotEmpty @DefaultValue({"authorization_code", "refresh_token"})
            List<@Pattern(regexp = "authorization_code|refresh_token|client_credentials") String> grantTypes,
            /** Upstream ids this app accepts; empty means every enabled upstream. */
            @DefaultValue List<String> upstreams,
            URI backchannelLogoutUri,
            @NotNull @DefaultValue("public") SubjectType subjectType,
            /** Apps sharing a sector see the same pairwise sub; defaults to the client id. */
            String sector,
            /** A phishing-resistant sign-in (a passkey) is required: staff apps holding sensitive data. */
            @DefaultValue("false") boolean requirePasskey,
            /**
             * With the identity scope: the least level of assurance of the verified identity this app takes (low, medium,
             * high), so the broker asks the upstream only for identity vectors at that level or above.
             */
            @NotNull @DefaultValue("low") String identityLevel,
            /**
             * The client ids of the APIs (configured apps, typically client_credentials ones) that receive this app's
             * access tokens: put in the tokens' aud, so each may introspect them; no other app may.
             */
            @DefaultValue List<String> resourceServers,
            /** What the broker signs this app's ID and access tokens with (both of its key pairs are always published). */
            @NotNull @DefaultValue("RS256") SigningAlgorithm signingAlgorithm) {
        public boolean isPublic() {
            return clientSecretHash == null;
        }
    }

    public enum SubjectType { PUBLIC, PAIRWISE }

    /** RS256 is what every OIDC app supports; ES256 is much faster to sign on JDK 21+ and gives shorter tokens. */
    public enum SigningAlgorithm { RS256, ES256 }
}
