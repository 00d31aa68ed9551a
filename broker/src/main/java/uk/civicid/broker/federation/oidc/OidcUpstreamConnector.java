package uk.civicid.broker.federation.oidc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.config.CivicIdProperties.ClientAuthentication;
import uk.civicid.broker.config.EntraTenants;
import uk.civicid.broker.config.NhsLoginVectors;
import uk.civicid.broker.config.OneLoginVectors;
import uk.civicid.broker.config.VectorWorth;
import uk.civicid.broker.federation.SignInHints;
import uk.civicid.broker.federation.SignInTransaction;
import uk.civicid.broker.federation.UpstreamConnector;
import uk.civicid.broker.federation.UpstreamConnector.UpstreamStatus;
import uk.civicid.broker.federation.UpstreamIdentity;
import uk.civicid.broker.federation.UpstreamLogin;
import uk.civicid.broker.federation.UpstreamLogout;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;
import uk.civicid.broker.identity.IdentityCheck;
import uk.civicid.broker.identity.NhsNumber;
import uk.civicid.broker.identity.NhsPatient;
import uk.civicid.broker.identity.VerifiedIdentity;

/**
 * Signs a person in at an upstream OpenID Connect provider: authorization code flow with PKCE (S256),
 * state and nonce, client authentication by {@code client_secret_basic} or {@code private_key_jwt}
 * (RFC 7523, required by GOV.UK One Login and NHS login), and complete ID token validation; for Entra ID, its tenants
 * checked, its stable subject and its app roles and groups.
 * Discovery is read lazily on first use and kept; a failed read is retried on the next sign-in.
 */
public final class OidcUpstreamConnector implements UpstreamConnector {

    private final UpstreamLogin login;
    private final UpstreamLogin.OidcClient client;
    private final CivicIdProperties.Federation settings;
    private final Supplier<JWK> clientKey;
    private final HttpClient http;
    private final MeterRegistry meters;
    private volatile UpstreamStatus status = new UpstreamStatus(null, null);
    private final Clock clock;
    private volatile Resolved resolved;

    /**
     * Discovery and what is built from it, created together once; userInfo is null when the upstream has no endpoint,
     * coreIdentity when it proves no identities.
     */
    private record Resolved(UpstreamMetadata metadata, IdTokenVerifier verifier, UpstreamUserInfo userInfo, LogoutTokenVerifier logout,
                            CoreIdentityVerifier coreIdentity) {}

    /** What the token endpoint answered: the ID token, and the access token that only userinfo is asked with. */
    private record TokenResponse(String idToken, String accessToken) {}

    /** @param clientKey for private_key_jwt, the key to sign each client assertion with (asked at each use: keys rotate) */
    public OidcUpstreamConnector(UpstreamLogin login, CivicIdProperties.Federation settings, Supplier<JWK> clientKey, HttpClient http,
                                 Clock clock, MeterRegistry meters) {
        this.clientKey = clientKey;
        this.meters = meters;
        this.login = login;
        this.client = login.oidc();
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public URI authorizationRedirect(SignInTransaction tx, URI callbackUri, SignInHints hints) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", callbackUri.toString());
        query.put("scope", String.join(" ", client.scopes()));
        query.put("state", tx.state());
        query.put("nonce", tx.nonce());
        query.put("code_challenge", Sha256.base64Url(tx.codeVerifier()));
        query.put("code_challenge_method", "S256");
        if (hints.loginHint() != null && !hints.loginHint().isBlank()) {
            query.put("login_hint", hints.loginHint());
        }
        if (hints.promptLogin()) {
            query.put("prompt", "login");
        }
        if (hints.maxAge() != null) {
            query.put("max_age", hints.maxAge().toString());
        }
        if (hints.language() != null) {
            query.put("ui_locales", hints.language());
        }
        if (!vectors(tx).isEmpty()) { // GOV.UK One Login: a JSON array of vectors, e.g. ["Cl.Cm"]
            query.put("vtr", JSONArrayUtils.toJSONString(vectors(tx)));
        }
        if (tx.identity() && oneLogin()) { // OIDC Core §5.5: the identity claims, at userinfo
            query.put("claims", client.identity().claims().stream().map(name -> "\"" + OneLoginVectors.VOCABULARY + name + "\":null")
                    .collect(Collectors.joining(",", "{\"userinfo\":{", "}}")));
        }
        URI endpoint = resolve().metadata().authorizationEndpoint();
        String separator = endpoint.getRawQuery() == null ? "?" : "&";
        return URI.create(endpoint + separator + form(query));
    }

    @Override
    public UpstreamIdentity complete(SignInTransaction tx, URI callbackUri, Map<String, String> params) {
        Resolved r = resolve();
        // Entra ID's multi-tenant issuer is a template: a callback's iss can be checked only with the tenant's, from the ID token.
        boolean templated = r.metadata().issuer().contains(EntraTenants.PLACEHOLDER);
        if (!templated) {
            checkIssuerParameter(r.metadata(), params.get("iss"), r.metadata().issuer());
        }
        if (params.containsKey("error")) {
            throw UpstreamSignInException.answered(params.get("error"));
        }
        String code = params.get("code");
        if (code == null || code.isBlank()) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "callback without code");
        }
        TokenResponse tokens = exchange(r.metadata(), code, callbackUri, tx.codeVerifier());
        JWTClaimsSet idToken = r.verifier().verify(tokens.idToken(), tx.nonce());
        if (templated) {
            checkIssuerParameter(r.metadata(), params.get("iss"), idToken.getIssuer());
        }
        String subject = entraId() ? entraSubject(idToken) : idToken.getSubject();
        Map<String, Object> claims = new LinkedHashMap<>(idToken.getClaims());
        if (tx.identity() && r.userInfo() == null) {
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "identity asked for, but discovery has no userinfo_endpoint");
        }
        if (r.userInfo() != null && (tx.identity() || asksUserInfo(claims))) {
            if (tokens.accessToken() == null) {
                throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "token response without access_token");
            }
            // Userinfo is the upstream's current view of the person, so its claims win over the ID token's.
            claims.putAll(r.userInfo().claims(send(r.userInfo().request(tokens.accessToken(), settings.httpTimeout())),
                    idToken.getSubject()));
        }
        VectorWorth worth = worth(idToken, vectors(tx));
        if (nhsLogin()) {
            String level = NhsLoginVectors.proofingLevel((String) idToken.getClaim("vot"));
            checkProofingLevel(idToken.getClaims(), level);
            checkProofingLevel(claims, level);
            return identity(idToken, subject, claims, worth, tx.identity() ? nhsIdentity(claims) : null, nhsPatient(claims, level),
                    tokens.idToken());
        }
        return identity(idToken, subject, claims, worth,
                tx.identity() ? identityCheck(r.coreIdentity(), claims, idToken.getSubject(), tx) : null, null, tokens.idToken());
    }

    private boolean entraId() {
        return client.profile() == CivicIdProperties.UpstreamProfile.ENTRA_ID;
    }

    /**
     * Entra ID's stable subject, {@code {tid}/{oid}}, for a tenant allowed here ("ID token claims reference",
     * https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference): {@code sub} is pairwise per app
     * registration, so a new registration of the broker would lose everyone; {@code oid} is per tenant, so {@code tid} must
     * be part of the key; email and names are mutable and never identify anyone.
     */
    private String entraSubject(JWTClaimsSet idToken) {
        String tid = stringClaim(idToken.getClaims(), "tid");
        if (tid == null) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "ID token has no tid");
        }
        if (!client.tenants().contains(tid)) {
            throw new UpstreamSignInException(Reason.TENANT_NOT_ALLOWED, "ID token tid is not an allowed tenant");
        }
        String oid = stringClaim(idToken.getClaims(), "oid");
        if (oid == null) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "ID token has no oid");
        }
        return tid + "/" + oid;
    }

    /**
     * The broker roles the ID token's app roles ({@code roles}) and group object IDs ({@code groups}) give, by the
     * upstream's {@code roles} map; values it does not name are dropped, so an upstream never names broker roles itself.
     */
    private List<String> roles(Map<String, Object> idToken) {
        return Stream.of("roles", "groups").map(idToken::get).filter(List.class::isInstance).flatMap(values -> ((List<?>) values).stream())
                .filter(String.class::isInstance).map(login.roles()::get).filter(Objects::nonNull).distinct().sorted().toList();
    }

    /**
     * Entra ID's group overage ("ID token claims reference", groups overage claim): with more groups than fit in a token,
     * {@code groups} is left out and {@code _claim_names} points at Microsoft Graph. The broker does not call Graph: the
     * sign-in goes on with the app roles alone.
     */
    private static boolean groupsOverage(Map<String, Object> idToken) {
        return idToken.get("_claim_names") instanceof Map<?, ?> names && names.containsKey("groups");
    }

    /** The upstream's end_session_endpoint with its ID token as id_token_hint, which GOV.UK One Login requires with a post-logout URI. */
    @Override
    public Optional<URI> endSessionRedirect(String logoutHint, URI postLogoutRedirectUri, String state) {
        URI endpoint;
        try {
            endpoint = resolve().metadata().endSessionEndpoint();
        } catch (UpstreamSignInException unreachable) {
            return Optional.empty();
        }
        if (endpoint == null || logoutHint == null) {
            return Optional.empty();
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("id_token_hint", logoutHint);
        query.put("post_logout_redirect_uri", postLogoutRedirectUri.toString());
        query.put("state", state);
        return Optional.of(URI.create(endpoint + (endpoint.getRawQuery() == null ? "?" : "&") + form(query)));
    }

    private boolean oneLogin() {
        return client.profile() == CivicIdProperties.UpstreamProfile.GOV_UK_ONE_LOGIN;
    }

    private boolean nhsLogin() {
        return client.profile() == CivicIdProperties.UpstreamProfile.NHS_LOGIN;
    }

    /** NHS login's identity_proofing_level, where given (ID token, userinfo), must be that of the vector met. */
    private static void checkProofingLevel(Map<String, Object> claims, String level) {
        Object said = claims.get("identity_proofing_level");
        if (said != null && !level.equals(said)) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "identity_proofing_level is not the level of the vot");
        }
    }

    /**
     * What NHS login traced of the person, if it gave anything: only at P5 or P9 ("Scopes and claims"), and only
     * well-formed, as health services find a person's records by them: a valid NHS number, a GP practice's ODS code.
     */
    private static NhsPatient nhsPatient(Map<String, Object> claims, String level) {
        Object number = claims.get(NhsNumber.CLAIM);
        Object gp = claims.get(NhsPatient.GP_CLAIM);
        if (number == null && gp == null) {
            return null;
        }
        if ("P0".equals(level)) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE,
                    (number != null ? NhsNumber.CLAIM : NhsPatient.GP_CLAIM) + " given for a P0 sign-in, whose identity is not proofed");
        }
        if (number != null && (!(number instanceof String text) || !NhsNumber.valid(text))) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "nhs_number is not a valid NHS number");
        }
        Object odsCode = gp instanceof Map<?, ?> details ? details.get(NhsPatient.GP_ODS_CODE) : null;
        if (gp != null && !(odsCode instanceof String code && NhsPatient.validOdsCode(code))) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "gp_registration_details has no valid gp_ods_code");
        }
        return new NhsPatient((String) number, (String) odsCode);
    }

    /**
     * NHS login's verified identity: the names and date of birth of a P9 account, from userinfo ("Scopes and claims": the
     * profile and profile_extended scopes). The vot met one of the P9 vectors asked for (worth), so the account is P9; a
     * person who cannot prove it is answered by NHS login itself, as an error at the callback.
     */
    private IdentityCheck nhsIdentity(Map<String, Object> claims) {
        String given = stringClaim(claims, "given_name");
        String family = stringClaim(claims, "family_name");
        String birthdate = stringClaim(claims, "birthdate");
        if (given == null || family == null || birthdate == null || !birthdate.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "a P9 identity without given_name, family_name and birthdate (YYYY-MM-DD)");
        }
        return IdentityCheck.proved(login.id(), new VerifiedIdentity(NhsLoginVectors.TRUST_FRAMEWORK, NhsLoginVectors.IDENTITY_ASSURANCE, given, family, birthdate, null));
    }

    /**
     * The vectors to ask for: when the sign-in proves an identity, the identity ones at the level the app needs or above;
     * else the configured ones (if any).
     */
    private List<String> vectors(SignInTransaction tx) {
        return tx.identity() ? client.identity().vtrAtLeast(client.profile(), tx.identityLevel()) : client.vtr();
    }

    /**
     * What the sign-in is worth: the upstream's configured acr and amr, or for GOV.UK One Login and NHS login the level of
     * authentication its ID token's {@code vot} says was met, which must meet one of the vectors asked for (else it may be
     * a lower one than the app needs).
     */
    private VectorWorth worth(JWTClaimsSet idToken, List<String> vectors) {
        if (vectors.isEmpty()) {
            return new VectorWorth(login.acr(), login.amr());
        }
        Object vot = idToken.getClaim("vot");
        boolean met = vot instanceof String vector && (nhsLogin() ? NhsLoginVectors.meets(vector, vectors)
                : vectors.stream().map(OneLoginVectors::authentication).anyMatch(vector::equals));
        if (!met) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "ID token vot is not one of the vectors asked for (vtr)");
        }
        return nhsLogin() ? NhsLoginVectors.worth((String) vot) : OneLoginVectors.worth((String) vot);
    }

    /**
     * The person's identity from the verified core identity JWT at userinfo or, when it could not be proved and One Login
     * says why, its return codes. Neither is refused: the upstream did not answer what was asked.
     */
    private IdentityCheck identityCheck(CoreIdentityVerifier verifier, Map<String, Object> claims, String subject, SignInTransaction tx) {
        Object coreIdentity = claims.get(OneLoginVectors.VOCABULARY + "coreIdentityJWT");
        if (coreIdentity == null && claims.get(OneLoginVectors.VOCABULARY + "returnCode") instanceof List<?> codes && !codes.isEmpty()) {
            List<String> returnCodes = codes.stream().map(c -> c instanceof Map<?, ?> m && m.get("code") instanceof String code
                    && code.matches("[A-Za-z0-9]{1,8}") ? code : null).toList();
            if (returnCodes.contains(null)) {
                throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "returnCode is not a list of codes");
            }
            return IdentityCheck.notProved(login.id(), returnCodes);
        }
        Set<String> confidences = vectors(tx).stream().map(OneLoginVectors::confidence).collect(Collectors.toSet());
        return IdentityCheck.proved(login.id(), verifier.verify(coreIdentity, subject, confidences,
                claims.get(OneLoginVectors.VOCABULARY + "address")));
    }

    /** {@code userinfo: auto} asks when a claim the broker reads is not in the ID token. */
    private boolean asksUserInfo(Map<String, Object> idTokenClaims) {
        return switch (client.userinfo()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> claimsRead().stream().anyMatch(name -> !idTokenClaims.containsKey(name));
        };
    }

    /** The upstream claims the broker reads: the profile and email ones when those scopes are asked for, and any mapped. */
    private List<String> claimsRead() {
        Map<String, String> names = login.claims();
        List<String> read = new ArrayList<>(names.values());
        if (client.scopes().contains("profile")) {
            read.add(names.getOrDefault("name", "name"));
        }
        if (client.scopes().contains("email")) {
            read.add(names.getOrDefault("email", "email"));
            read.add(names.getOrDefault("email_verified", "email_verified"));
        }
        if (client.scopes().contains("phone")) {
            read.add(names.getOrDefault("phone_number", "phone_number"));
            read.add(names.getOrDefault("phone_number_verified", "phone_number_verified"));
        }
        if (nhsLogin() && client.scopes().contains("profile")) { // NHS login: at userinfo only
            read.add(NhsNumber.CLAIM);
        }
        return read;
    }

    /** RFC 9207: the callback's iss must be this upstream's issuer, and must be present if it says it sends it. */
    private static void checkIssuerParameter(UpstreamMetadata metadata, String iss, String issuer) {
        if (iss == null ? metadata.issParameterSupported() : !issuer.equals(iss)) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "callback iss parameter missing or wrong (RFC 9207)");
        }
    }

    private TokenResponse exchange(UpstreamMetadata metadata, String code, URI callbackUri, String codeVerifier) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", callbackUri.toString());
        body.put("code_verifier", codeVerifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(metadata.tokenEndpoint())
                .timeout(settings.httpTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (client.authentication() == ClientAuthentication.PRIVATE_KEY_JWT) {
            body.put("client_id", client.clientId());
            body.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            body.put("client_assertion", clientAssertion(metadata.tokenEndpoint()));
        } else {
            // RFC 6749 §2.3.1: form-encode id and secret before base64.
            String credentials = urlEncode(client.clientId()) + ":" + urlEncode(client.clientSecret());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = send(request.POST(HttpRequest.BodyPublishers.ofString(form(body))).build());
        try {
            Map<String, Object> json = JSONObjectUtils.parse(response.body());
            if (response.statusCode() != 200) {
                throw new UpstreamSignInException(response.statusCode() >= 500 ? Reason.UPSTREAM_UNAVAILABLE : Reason.INVALID_RESPONSE,
                        "token endpoint answered " + response.statusCode() + " " + JSONObjectUtils.getString(json, "error"));
            }
            String idToken = JSONObjectUtils.getString(json, "id_token");
            if (idToken == null) {
                throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "token response without id_token");
            }
            return new TokenResponse(idToken, JSONObjectUtils.getString(json, "access_token"));
        } catch (ParseException e) {
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "token endpoint answered " + response.statusCode() + " without JSON", e);
        }
    }

    /** RFC 7523 client assertion; aud is the token endpoint, as GOV.UK One Login requires. */
    private String clientAssertion(URI tokenEndpoint) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(client.clientId()).subject(client.clientId())
                .audience(tokenEndpoint.toString())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .build();
        JWK key = clientKey.get();
        // NHS login takes RS512 client assertions only (its interface specification, §3.5); its keys are RSA (checked at set-up).
        JWSAlgorithm alg = nhsLogin() ? JWSAlgorithm.RS512 : key.getAlgorithm() != null ? JWSAlgorithm.parse(key.getAlgorithm().getName())
                : key.getKeyType() == KeyType.EC ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, alg));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the client assertion for upstream " + login.id(), e);
        }
    }

    /** The identity from the verified ID token, with the person's claims from it and userinfo together. */
    private UpstreamIdentity identity(JWTClaimsSet idToken, String subject, Map<String, Object> claims, VectorWorth worth,
                                      IdentityCheck check, NhsPatient nhs, String rawIdToken) {
        Map<String, String> names = login.claims();
        String name = stringClaim(claims, names.getOrDefault("name", "name"));
        if (name == null) {
            String given = stringClaim(claims, names.getOrDefault("given_name", "given_name"));
            String family = stringClaim(claims, names.getOrDefault("family_name", "family_name"));
            name = given == null ? family : family == null ? given : given + " " + family;
        }
        String email = stringClaim(claims, names.getOrDefault("email", "email"));
        // Entra ID's email is not verified and is mutable ("ID token claims reference"): never trusted, whatever a claim says.
        boolean verified = !entraId() && Boolean.TRUE.equals(claims.get(names.getOrDefault("email_verified", "email_verified")));
        String phone = stringClaim(claims, names.getOrDefault("phone_number", "phone_number"));
        boolean phoneVerified = Boolean.TRUE.equals(claims.get(names.getOrDefault("phone_number_verified", "phone_number_verified")));
        Date authTime = dateClaim(idToken, "auth_time");
        return new UpstreamIdentity(login.id(), idToken.getIssuer(), subject,
                new UpstreamIdentity.Profile(name, email, verified, phone, phoneVerified), worth.acr(), worth.amr(),
                authTime != null ? authTime.toInstant() : clock.instant(), stringClaim(idToken.getClaims(), "sid"), check, nhs,
                roles(idToken.getClaims()), groupsOverage(idToken.getClaims()), rawIdToken);
    }

    private static String stringClaim(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static Date dateClaim(JWTClaimsSet claims, String name) {
        try {
            return claims.getDateClaim(name);
        } catch (ParseException e) {
            return null;
        }
    }

    private Resolved resolve() {
        Resolved r = resolved;
        if (r == null) {
            synchronized (this) {
                r = resolved;
                if (r == null) {
                    r = resolved = load();
                }
            }
        }
        return r;
    }

    private Resolved load() {
        URI discovery = URI.create(client.issuer().toString().replaceAll("/$", "") + "/.well-known/openid-configuration");
        HttpResponse<String> response = send(HttpRequest.newBuilder(discovery).timeout(settings.httpTimeout()).GET().build());
        if (response.statusCode() != 200) {
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "discovery answered " + response.statusCode());
        }
        try {
            UpstreamMetadata metadata = UpstreamMetadata.parse(response.body(), EntraTenants.metadataIssuer(client.profile(), client.issuer()));
            int timeout = (int) settings.httpTimeout().toMillis();
            JWKSource<SecurityContext> keys = JWKSourceBuilder
                    .<SecurityContext>create(metadata.jwksUri().toURL(), new DefaultResourceRetriever(timeout, timeout, 256 * 1024))
                    .cache(Duration.ofMinutes(15).toMillis(), timeout)
                    .rateLimited(settings.jwksRefetchInterval().toMillis())
                    .retrying(false)
                    .build();
            if (metadata.userinfoEndpoint() == null && client.userinfo() == CivicIdProperties.UserInfo.ALWAYS) {
                throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "userinfo is always, but discovery has no userinfo_endpoint");
            }
            UpstreamUserInfo userInfo = metadata.userinfoEndpoint() == null ? null : new UpstreamUserInfo(metadata.userinfoEndpoint(),
                    client.issuer().toString(), client.clientId(), client.algorithms(), keys);
            CoreIdentityVerifier coreIdentity = client.identity() == null || !oneLogin() ? null : new CoreIdentityVerifier(client.identity().issuer(),
                    client.clientId(), settings.clockSkew(), settings.jwksRefetchInterval(), clock,
                    uri -> send(HttpRequest.newBuilder(uri).timeout(settings.httpTimeout()).GET().build()));
            return new Resolved(metadata, new IdTokenVerifier(metadata.issuer(), client.clientId(),
                    client.algorithms(), keys, settings.clockSkew(), clock), userInfo, new LogoutTokenVerifier(client.issuer().toString(),
                    client.clientId(), client.algorithms(), keys, settings.clockSkew(), clock), coreIdentity);
        } catch (ParseException | IOException e) {
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "bad discovery document: " + e.getMessage(), e);
        }
    }

    @Override
    public UpstreamLogout verifyLogoutToken(String logoutToken) {
        return resolve().logout().verify(logoutToken);
    }

    @Override
    public UpstreamStatus status() {
        return status;
    }

    /** Every call to the upstream: timed ({@code civicid_upstream_requests_seconds} by outcome), and remembered for health. */
    private HttpResponse<String> send(HttpRequest request) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            HttpResponse<String> response = http.send(request, info -> new LimitedText());
            outcome = response.statusCode() < 500 ? "ok" : "error";
            status = new UpstreamStatus(clock.instant(), "ok".equals(outcome) ? null : "answered " + response.statusCode());
            return response;
        } catch (IOException e) {
            if (tooLarge(e)) {
                status = new UpstreamStatus(clock.instant(), "answered over " + MAX_ANSWER_BYTES / 1024 + " KiB");
                throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "answer over " + MAX_ANSWER_BYTES / 1024 + " KiB", e);
            }
            status = new UpstreamStatus(clock.instant(), "cannot reach " + request.uri().getHost());
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "cannot reach " + request.uri().getHost(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "interrupted", e);
        } finally {
            sample.stop(meters.timer("civicid.upstream.requests", "upstream", login.id(), "outcome", outcome));
        }
    }

    /** Whether the failure is {@link LimitedText}'s refusal, however the client wrapped it. */
    private static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    /** An upstream's answers are small (discovery, tokens, a person's claims): a longer one is refused, never read into memory. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("upstream answer over " + MAX_ANSWER_BYTES + " bytes");
        }
    }

    /**
     * The body as UTF-8 text (RFC 8259 §8.1), kept only up to {@link #MAX_ANSWER_BYTES}: the rest is dropped as it arrives
     * (within the request's timeout) and the answer refused.
     */
    private static final class LimitedText implements HttpResponse.BodySubscriber<String> {
        private final HttpResponse.BodySubscriber<String> text = HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        private long received;
        private boolean refused;

        @Override
        public CompletionStage<String> getBody() {
            return text.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            text.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (refused) {
                return;
            }
            received += items.stream().mapToLong(ByteBuffer::remaining).sum();
            if (received > MAX_ANSWER_BYTES) {
                refused = true;
            } else {
                text.onNext(items);
            }
        }

        @Override
        public void onError(Throwable error) {
            text.onError(error);
        }

        @Override
        public void onComplete() {
            if (refused) {
                text.onError(new TooLarge());
            } else {
                text.onComplete();
            }
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
