package uk.civicid.broker.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real-enough upstream OpenID Provider on 127.0.0.1, played by WireMock with one Java transformer, so
 * broker tests exercise real discovery, PKCE, client authentication and ID tokens signed with real keys.
 * It can misbehave on demand ({@link #misbehave}) so attack tests can prove the broker refuses each attack.
 */
public final class FakeUpstream implements AutoCloseable {

    public enum KeyType { RS256, RS512, ES256 }

    /** Ways to misbehave; the callback ones affect /authorize redirects, the rest ID tokens issued from then on. */
    public enum Misbehaviour {
        FORGED_SIGNATURE, ALG_NONE, HMAC_WITH_PUBLIC_KEY, WRONG_ISSUER, WRONG_AUDIENCE, WRONG_NONCE, EXPIRED,
        ISSUED_IN_FUTURE, UNKNOWN_KID, MISSING_NONCE, AZP_OTHER_CLIENT, CALLBACK_WRONG_ISS, CALLBACK_NO_ISS
    }

    /** Ways the userinfo endpoint can misbehave, from the next request on. */
    public enum UserInfoMisbehaviour {
        /** Answers another person's claims (OIDC Core §5.3.2: the broker must compare sub). */
        OTHER_SUBJECT,
        /** A signed answer whose signature is by a key the upstream never published, under its kid. */
        FORGED_SIGNATURE,
        SERVER_ERROR,
        /** Answers only after ten seconds. */
        HANGS,
        /** Refuses the access token it issued itself (401 invalid_token). */
        REFUSES_TOKEN,
        /** Answers a megabyte of claims: a broker must not read an upstream's answer without a bound. */
        HUGE
    }

    /** Who the upstream says signed in. Email is verified unless {@link #withUnverifiedEmail()}. */
    public record Persona(String subject, String email, String name, boolean emailVerified, String acr, List<String> amr,
                          String phoneNumber) {
        public static Persona of(String subject, String email, String name) {
            return new Persona(subject, email, name, true, null, List.of(), null);
        }
        public static Persona alice() { return of("alice", "alice@example.org", "Alice Smith"); }
        public Persona withAcr(String acr) { return new Persona(subject, email, name, emailVerified, acr, amr, phoneNumber); }
        public Persona withAmr(String... amr) { return new Persona(subject, email, name, emailVerified, acr, List.of(amr), phoneNumber); }
        public Persona withUnverifiedEmail() { return new Persona(subject, email, name, false, acr, amr, phoneNumber); }
        /** A verified phone number (E.164), given as phone_number and phone_number_verified (OIDC Core §5.1). */
        public Persona withPhone(String number) { return new Persona(subject, email, name, emailVerified, acr, amr, number); }
    }

    public static final String OTHER_CLIENT = "some-other-client";
    public static final String OTHER_ISSUER = "https://other-issuer.example";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Set<JWSAlgorithm> CLIENT_ASSERTION_ALGS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
            JWSAlgorithm.ES256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What /authorize remembered for a code, for /token to check and use; sid names the upstream session it made. */
    private record Grant(String redirectUri, String nonce, String codeChallenge, Persona persona, Instant authTime, String sid,
                         String vtr, String claims) {}

    /** More of this upstream, for a stand-in of a particular service: its own endpoints, and more claims at userinfo. */
    public interface Extension {
        /** The answer to a request this upstream has no endpoint for ("GET /path"), or null for a 404. */
        default ResponseDefinition serve(String methodAndPath) { return null; }
        /** A refusal of an authorization request with these parameters, as the service would refuse it, or null. */
        default String refuseAuthorization(Map<String, String> query) { return null; }
        /** Claims to add at userinfo for this person, given the authorization request's {@code claims} parameter (or null). */
        default Map<String, Object> userInfoClaims(Persona person, String claimsRequested) { return Map.of(); }
        /** Claims to add to (or replace in) the ID token for this person, given the authorization request's {@code vtr} (or null). */
        default Map<String, Object> idTokenClaims(Persona person, String vtr) { return Map.of(); }
        /** A refusal of a token request that passed the usual client authentication, as the service would refuse it, or null. */
        default String refuseTokenRequest(String authorization, Map<String, String> form) { return null; }
        /** RFC 9207's iss on the callback (this upstream's, as its own discovery document says), or null for none. */
        default String callbackIssuer(String issuer) { return issuer; }
    }

    /**
     * A logout token this upstream signs (OpenID Connect Back-Channel Logout 1.0 §2.4), correct by default
     * ({@link #logoutToken}); each {@code with…} makes it wrong in one way, for the attack tests.
     *
     * @param audience null: the broker's client id
     * @param expiresAt null: no exp claim
     * @param event    whether events holds the back-channel logout member
     * @param nonce    null: none (a logout token must have none)
     * @param forgedSignature signed by a key the upstream never published, under its kid
     */
    public record LogoutToken(String subject, String sid, String issuer, String audience, Instant issuedAt, Instant expiresAt,
                              boolean event, String nonce, String jti, boolean forgedSignature) {
        public LogoutToken withIssuer(String value) { return new LogoutToken(subject, sid, value, audience, issuedAt, expiresAt, event, nonce, jti, forgedSignature); }
        public LogoutToken withAudience(String value) { return new LogoutToken(subject, sid, issuer, value, issuedAt, expiresAt, event, nonce, jti, forgedSignature); }
        public LogoutToken issuedAt(Instant value) { return new LogoutToken(subject, sid, issuer, audience, value, expiresAt, event, nonce, jti, forgedSignature); }
        public LogoutToken expiresAt(Instant value) { return new LogoutToken(subject, sid, issuer, audience, issuedAt, value, event, nonce, jti, forgedSignature); }
        public LogoutToken withoutEvent() { return new LogoutToken(subject, sid, issuer, audience, issuedAt, expiresAt, false, nonce, jti, forgedSignature); }
        public LogoutToken withNonce(String value) { return new LogoutToken(subject, sid, issuer, audience, issuedAt, expiresAt, event, value, jti, forgedSignature); }
        public LogoutToken withSubject(String value) { return new LogoutToken(value, sid, issuer, audience, issuedAt, expiresAt, event, nonce, jti, forgedSignature); }
        public LogoutToken withSid(String value) { return new LogoutToken(subject, value, issuer, audience, issuedAt, expiresAt, event, nonce, jti, forgedSignature); }
        public LogoutToken forged() { return new LogoutToken(subject, sid, issuer, audience, issuedAt, expiresAt, event, nonce, jti, true); }
    }

    private final String clientId;
    private final String clientSecret;
    private final KeyType keyType;
    private final WireMockServer server;
    private final String issuer;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
    private volatile Extension extension = new Extension() {};
    private final Set<String> usedAssertionIds = ConcurrentHashMap.newKeySet();
    private final List<JWK> trustedClientKeys = new CopyOnWriteArrayList<>();
    private volatile URI clientJwksUri;
    private volatile String lastClientAssertion;
    private volatile JWK signingKey;
    private volatile List<JWK> publishedKeys;
    private volatile Persona persona = Persona.alice();
    private volatile Misbehaviour misbehaviour; // null: behaving
    private volatile boolean includeAzp;
    private volatile boolean jwksAvailable = true;
    private volatile Map<String, String> lastAuthorizationRequest = Map.of();
    private volatile boolean claimsOnlyAtUserInfo;
    private volatile String lastSid;
    private volatile String votAnswered; // null: the first vector asked for (vtr); "": none
    private volatile boolean userInfoSigned;
    private volatile UserInfoMisbehaviour userInfoMisbehaviour; // null: behaving
    private volatile URI postLogoutRedirectUri; // null: no end_session_endpoint
    private volatile String errorAnswered; // null: a code
    private final Set<String> issuedIdTokens = ConcurrentHashMap.newKeySet();
    private final List<Logout> logouts = new CopyOnWriteArrayList<>();

    /** A request to the end-session endpoint this upstream accepted: the ID token it was given as the hint, and where it went back to. */
    public record Logout(String idTokenHint, String postLogoutRedirectUri, String state) {}

    private FakeUpstream(String clientId, String clientSecret, KeyType keyType) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.keyType = keyType;
        this.signingKey = newKey(keyType, randomToken());
        this.publishedKeys = List.of(signingKey.toPublicJWK());
        this.server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1").dynamicPort().extensions(new Endpoints()));
        server.start();
        // One catch-all stub; the transformer routes by method and path, and the journal still counts per path.
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(Endpoints.NAME)));
        // Known only once bound; no request can arrive before the caller has learnt the port from us.
        this.issuer = "http://127.0.0.1:" + server.port();
    }

    public static FakeUpstream start(String clientId, String clientSecret, KeyType keyType) {
        return new FakeUpstream(clientId, clientSecret, keyType);
    }

    @Override
    public void close() { server.stop(); }

    // ---- controls ----

    public void signInAs(Persona p) { this.persona = p; }
    public void misbehave(Misbehaviour m) { this.misbehaviour = m; }
    public void behave() {
        this.misbehaviour = null;
        this.errorAnswered = null;
        this.votAnswered = null;
        this.userInfoMisbehaviour = null;
    }
    /** The ID token carries only sub and protocol claims; name and email come from /userinfo, as GOV.UK One Login and NHS login do. */
    public void claimsOnlyAtUserInfo(boolean only) { this.claimsOnlyAtUserInfo = only; }
    public void extend(Extension extension) { this.extension = extension; }
    /** /userinfo answers a JWT signed with the upstream's key (application/jwt) instead of JSON (OIDC Core §5.3.2). */
    public void userInfoSigned(boolean signed) { this.userInfoSigned = signed; }
    public void misbehaveAtUserInfo(UserInfoMisbehaviour m) { this.userInfoMisbehaviour = m; }
    /**
     * As GOV.UK One Login, an ID token for a request with {@code vtr} carries the vector met in {@code vot} (and the
     * trustmark in {@code vtm}): by default the first asked for; this answers another one instead ("" for none).
     */
    public void answerVot(String vot) { this.votAnswered = vot; }
    /**
     * Offers an end-session endpoint ({@code /logout}, OpenID Connect RP-Initiated Logout 1.0) that, as GOV.UK One Login's
     * ("Log your users out of GOV.UK One Login", https://docs.sign-in.service.gov.uk/integrate-with-integration-environment/log-your-users-out/),
     * takes {@code post_logout_redirect_uri} only with an {@code id_token_hint} it issued, and only the one registered here.
     */
    public void endSessionsReturningTo(URI registered) { this.postLogoutRedirectUri = registered; }
    /** The sign-outs its end-session endpoint accepted, oldest first. */
    public List<Logout> logouts() { return List.copyOf(logouts); }
    /** The authorization endpoint answers with this OAuth error (RFC 6749 §4.1.2.1), as when the person cancels, instead of a code. */
    public void answerWithError(String error) { this.errorAnswered = error; }
    /** Include a (correct) azp claim in ID tokens; off by default, as most upstreams omit it for a single aud. */
    public void includeAzp(boolean include) { this.includeAzp = include; }
    /** While unavailable, GET /jwks answers 503, as during an outage of the upstream's key endpoint. */
    public void jwksAvailable(boolean available) { this.jwksAvailable = available; }
    /** Registers the client's JWKS URL for private_key_jwt: fetched over HTTP at each client assertion, as upstreams do. */
    public void trustClientJwksAt(URI jwksUri) { this.clientJwksUri = jwksUri; }
    /** The last client assertion the token endpoint accepted (private_key_jwt). */
    public String lastClientAssertion() { return lastClientAssertion; }
    /** Registers a client public key accepted for private_key_jwt. */
    public void trustClientKey(JWK publicKey) { trustedClientKeys.add(publicKey.toPublicJWK()); }

    /** A new key (new kid) signs from now on; the JWKS publishes it and the old ones, as a graceful rotation does. */
    public synchronized void rotateKey() {
        JWK fresh = newKey(keyType, randomToken());
        List<JWK> keys = new ArrayList<>(publishedKeys);
        keys.add(0, fresh.toPublicJWK());
        signingKey = fresh;
        publishedKeys = List.copyOf(keys);
    }

    public synchronized void retireOldKeys() { publishedKeys = List.of(signingKey.toPublicJWK()); }

    // ---- accessors ----

    public String issuer() { return issuer; }
    public String baseUrl() { return issuer; }
    public String tokenEndpoint() { return issuer + "/token"; }
    public String clientId() { return clientId; }
    /** The secret it expects for client_secret_basic (see {@link TestUpstream#of}). */
    public String clientSecret() { return clientSecret; }
    public JWK currentKey() { return signingKey.toPublicJWK(); }
    public Map<String, String> lastAuthorizationRequest() { return lastAuthorizationRequest; }
    /** The upstream session ({@code sid}) the last sign-in here made: each sign-in makes a new one. */
    public String lastSid() { return lastSid; }
    public int jwksRequests() { return server.countRequestsMatching(getRequestedFor(urlPathEqualTo("/jwks")).build()).getCount(); }
    public int userInfoRequests() { return server.countRequestsMatching(getRequestedFor(urlPathEqualTo("/userinfo")).build()).getCount(); }
    public int tokenRequests() { return server.countRequestsMatching(postRequestedFor(urlPathEqualTo("/token")).build()).getCount(); }


    // ---- endpoints ----

    /** The WireMock extension that computes every response in Java. */
    private final class Endpoints implements ResponseDefinitionTransformerV2 {
        static final String NAME = "fake-upstream";

        @Override public String getName() { return NAME; }
        @Override public boolean applyGlobally() { return false; }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            URI url = URI.create(request.getUrl());
            try {
                return switch (request.getMethod().getName() + " " + url.getPath()) {
                    case "GET /.well-known/openid-configuration" -> json(200, discovery());
                    case "GET /jwks" -> jwksAvailable ? json(200, new JWKSet(publishedKeys).toJSONObject(true))
                            : text(503, "JWKS unavailable");
                    case "GET /authorize" -> authorize(parseForm(url.getRawQuery()));
                    case "POST /token" -> token(request.getHeader("Authorization"), parseForm(request.getBodyAsString()));
                    case "GET /userinfo" -> userInfo(request.getHeader("Authorization"));
                    case "GET /logout" -> endSession(parseForm(url.getRawQuery()));
                    default -> {
                        ResponseDefinition extra = extension.serve(request.getMethod().getName() + " " + url.getPath());
                        yield extra != null ? extra : text(404, "FakeUpstream has no " + request.getMethod() + " " + url.getPath());
                    }
                };
            } catch (Exception e) {
                return text(500, "FakeUpstream failed: " + e);
            }
        }
    }

    private Map<String, Object> discovery() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("authorization_endpoint", issuer + "/authorize");
        d.put("token_endpoint", tokenEndpoint());
        d.put("jwks_uri", issuer + "/jwks");
        d.put("userinfo_endpoint", issuer + "/userinfo");
        if (postLogoutRedirectUri != null) {
            d.put("end_session_endpoint", issuer + "/logout");
        }
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of(keyType.name()));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "private_key_jwt"));
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("authorization_response_iss_parameter_supported", true);
        return d;
    }

    /** Errors are a plain 400 (not a redirect) so a broker bug shows up clearly in the test's failure. */
    private ResponseDefinition authorize(Map<String, String> q) {
        lastAuthorizationRequest = Collections.unmodifiableMap(q);
        for (String name : List.of("response_type", "client_id", "redirect_uri", "state", "nonce",
                "code_challenge", "code_challenge_method")) {
            if (q.get(name) == null || q.get(name).isEmpty()) {
                return text(400, "missing required parameter: " + name);
            }
        }
        String refusal = extension.refuseAuthorization(q);
        if (refusal != null) return text(400, refusal);
        if (!"code".equals(q.get("response_type"))) return text(400, "unsupported response_type: " + q.get("response_type"));
        if (!clientId.equals(q.get("client_id"))) return text(400, "unknown client_id: " + q.get("client_id"));
        if (!"S256".equals(q.get("code_challenge_method"))) return text(400, "code_challenge_method must be S256");

        String code = randomToken();
        String sid = "sid-" + randomToken();
        lastSid = sid;
        codes.put(code, new Grant(q.get("redirect_uri"), q.get("nonce"), q.get("code_challenge"), persona, Instant.now(), sid, q.get("vtr"), q.get("claims")));
        String redirect = q.get("redirect_uri");
        String error = errorAnswered;
        StringBuilder location = new StringBuilder(redirect).append(redirect.contains("?") ? '&' : '?')
                .append(error == null ? "code=" + encode(code) : "error=" + encode(error)).append("&state=").append(encode(q.get("state")));
        Misbehaviour m = misbehaviour;
        String iss = extension.callbackIssuer(issuer);
        if (m != Misbehaviour.CALLBACK_NO_ISS && iss != null) { // RFC 9207
            location.append("&iss=").append(encode(m == Misbehaviour.CALLBACK_WRONG_ISS ? OTHER_ISSUER : iss));
        }
        return aResponse().withStatus(302).withHeader("Location", location.toString()).build();
    }

    private ResponseDefinition token(String authorization, Map<String, String> form) throws Exception {
        String authProblem = clientAuthenticationProblem(authorization, form);
        if (authProblem == null) authProblem = extension.refuseTokenRequest(authorization, form);
        if (authProblem != null) return oauthError(401, "invalid_client", authProblem);
        if (!"authorization_code".equals(form.get("grant_type"))) {
            return oauthError(400, "unsupported_grant_type", "grant_type must be authorization_code");
        }
        // remove(): a code is good for one attempt only, even a failed one (RFC 6749 §4.1.2).
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (grant == null) return oauthError(400, "invalid_grant", "unknown or already used code");
        if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
            return oauthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
        }
        String verifier = form.get("code_verifier");
        if (verifier == null || !s256(verifier).equals(grant.codeChallenge())) {
            return oauthError(400, "invalid_grant", "PKCE code_verifier does not match code_challenge");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String accessToken = randomToken();
        accessTokens.put(accessToken, grant);
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", 300);
        body.put("id_token", idToken(grant));
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("Cache-Control", "no-store").withBody(JSONObjectUtils.toJSONString(body)).build();
    }

    /** Returns why client authentication failed, or null when it succeeded. Exactly one method may be used. */
    private String clientAuthenticationProblem(String authorization, Map<String, String> form) {
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        int methods = (basic ? 1 : 0) + (form.containsKey("client_assertion") ? 1 : 0) + (form.containsKey("client_secret") ? 1 : 0);
        if (methods != 1) return methods == 0 ? "no client authentication" : "more than one client authentication method";
        if (form.containsKey("client_secret")) return "client_secret_post is not supported";
        if (basic) {
            try { // RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined with ':' and base64-encoded
                String[] idSecret = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), UTF_8).split(":", 2);
                boolean ok = idSecret.length == 2 && clientId.equals(decode(idSecret[0])) && clientSecret.equals(decode(idSecret[1]));
                return ok ? null : "wrong client id or secret";
            } catch (IllegalArgumentException e) {
                return "malformed Basic credentials";
            }
        }
        if (!JWT_BEARER.equals(form.get("client_assertion_type"))) return "client_assertion_type must be " + JWT_BEARER;
        if (form.get("client_id") != null && !clientId.equals(form.get("client_id"))) return "unknown client_id";
        try { // RFC 7523 §3: signed by a registered key, iss = sub = client_id, aud = us, unexpired, jti
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                    JOSEObjectType.JWT, new JOSEObjectType("client-authentication+jwt"), null));
            List<JWK> keys = new ArrayList<>(trustedClientKeys);
            if (clientJwksUri != null) {
                keys.addAll(JWKSet.load(clientJwksUri.toURL()).getKeys());
            }
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(CLIENT_ASSERTION_ALGS, new ImmutableJWKSet<>(new JWKSet(keys))));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(tokenEndpoint(), issuer),
                    new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).build(), Set.of("exp", "jti"), null));
            JWTClaimsSet claims = processor.process(form.get("client_assertion"), null);
            if (!usedAssertionIds.add(claims.getJWTID())) return "client_assertion jti already used";
            lastClientAssertion = form.get("client_assertion");
            return null;
        } catch (Exception e) {
            return "client_assertion rejected: " + e.getMessage();
        }
    }

    // ---- the ID token ----

    private String idToken(Grant grant) throws JOSEException {
        Misbehaviour m = misbehaviour;
        Persona p = grant.persona();
        Instant now = Instant.now();
        Instant iat = m == Misbehaviour.EXPIRED ? now.minus(Duration.ofHours(2))
                : m == Misbehaviour.ISSUED_IN_FUTURE ? now.plus(Duration.ofHours(1)) : now;
        Instant exp = m == Misbehaviour.EXPIRED ? now.minus(Duration.ofHours(1)) : iat.plus(Duration.ofMinutes(5));
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(m == Misbehaviour.WRONG_ISSUER ? OTHER_ISSUER : issuer)
                .subject(p.subject())
                .audience(m == Misbehaviour.WRONG_AUDIENCE ? List.of(OTHER_CLIENT)
                        : m == Misbehaviour.AZP_OTHER_CLIENT ? List.of(clientId, OTHER_CLIENT) : List.of(clientId))
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(exp))
                .claim("auth_time", (iat.isBefore(grant.authTime()) ? iat : grant.authTime()).getEpochSecond())
                .claim("sid", grant.sid());
        if (grant.vtr() != null) {
            String vot = votAnswered != null ? votAnswered : firstVector(grant.vtr());
            if (!vot.isEmpty()) {
                claims.claim("vot", vot).claim("vtm", issuer + "/trustmark");
            }
        }
        if (!claimsOnlyAtUserInfo) {
            profileClaims(p).forEach(claims::claim);
        }
        extension.idTokenClaims(p, grant.vtr()).forEach(claims::claim);
        if (p.acr() != null) claims.claim("acr", p.acr());
        if (!p.amr().isEmpty()) claims.claim("amr", p.amr());
        if (m == Misbehaviour.AZP_OTHER_CLIENT) claims.claim("azp", OTHER_CLIENT);
        else if (includeAzp) claims.claim("azp", clientId);
        if (m != Misbehaviour.MISSING_NONCE) claims.claim("nonce", m == Misbehaviour.WRONG_NONCE ? randomToken() : grant.nonce());
        String idToken = sign(claims.build(), m);
        issuedIdTokens.add(idToken);
        return idToken;
    }

    private ResponseDefinition endSession(Map<String, String> q) {
        if (postLogoutRedirectUri == null) return text(404, "FakeUpstream has no end-session endpoint");
        String hint = q.get("id_token_hint");
        String back = q.get("post_logout_redirect_uri");
        if (hint != null && !issuedIdTokens.contains(hint)) return text(400, "id_token_hint is not an ID token issued here");
        if (back == null) {
            logouts.add(new Logout(hint, null, null));
            return text(200, "You have signed out"); // the upstream's own signed-out page
        }
        if (hint == null) return text(400, "post_logout_redirect_uri needs an id_token_hint");
        if (!back.equals(postLogoutRedirectUri.toString())) return text(400, "post_logout_redirect_uri is not the registered logout URI");
        logouts.add(new Logout(hint, back, q.get("state")));
        String location = back + (q.get("state") == null ? "" : (back.contains("?") ? "&" : "?") + "state=" + encode(q.get("state")));
        return aResponse().withStatus(302).withHeader("Location", location).build();
    }

    /** The first vector's level of authentication: One Login's ID token says {@code Cl.Cm} for {@code P2.Cl.Cm} too. */
    private static String firstVector(String vtr) {
        try {
            return ((String) com.nimbusds.jose.util.JSONArrayUtils.parse(vtr).get(0)).replaceFirst("^P\\d\\.", "");
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("vtr is not a JSON array: " + vtr);
        }
    }

    /** The person's standard claims (OIDC Core §5.1), in the ID token or at /userinfo. */
    private static Map<String, Object> profileClaims(Persona p) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", p.email());
        claims.put("email_verified", p.emailVerified());
        claims.put("name", p.name());
        int space = p.name() == null ? -1 : p.name().indexOf(' ');
        claims.put("given_name", space < 0 ? p.name() : p.name().substring(0, space));
        if (space >= 0) claims.put("family_name", p.name().substring(space + 1));
        if (p.phoneNumber() != null) {
            claims.put("phone_number", p.phoneNumber());
            claims.put("phone_number_verified", true);
        }
        return claims;
    }

    // ---- back-channel logout ----

    /** A correct logout token for this person and upstream session (either may be null, not both), valid for two minutes. */
    public LogoutToken logoutToken(String subject, String sid) {
        Instant now = Instant.now();
        return new LogoutToken(subject, sid, issuer, null, now, now.plus(Duration.ofMinutes(2)), true, null, randomToken(), false);
    }

    /** The logout token signed (typ logout+jwt, as §2.4 recommends), as the upstream would post it. */
    public String signed(LogoutToken token) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(token.issuer()).audience(token.audience() != null ? token.audience() : clientId)
                .issueTime(Date.from(token.issuedAt())).jwtID(token.jti())
                .claim("events", token.event() ? Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()) : Map.of());
        if (token.expiresAt() != null) claims.expirationTime(Date.from(token.expiresAt()));
        if (token.subject() != null) claims.subject(token.subject());
        if (token.sid() != null) claims.claim("sid", token.sid());
        if (token.nonce() != null) claims.claim("nonce", token.nonce());
        JWK key = token.forgedSignature() ? newKey(keyType, signingKey.getKeyID()) : signingKey;
        JWSAlgorithm alg = JWSAlgorithm.parse(keyType.name());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(new JOSEObjectType("logout+jwt")).build(),
                claims.build());
        jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, alg));
        return jwt.serialize();
    }

    // ---- userinfo ----

    /** OIDC Core §5.3: the Bearer access token this upstream issued (RFC 6750), answered as JSON or a signed JWT. */
    private ResponseDefinition userInfo(String authorization) throws JOSEException {
        Grant grant = authorization != null && authorization.startsWith("Bearer ") ? accessTokens.get(authorization.substring(7)) : null;
        Persona p = grant == null ? null : grant.persona();
        UserInfoMisbehaviour m = userInfoMisbehaviour;
        if (p == null || m == UserInfoMisbehaviour.REFUSES_TOKEN) {
            return aResponse().withStatus(401).withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
        }
        if (m == UserInfoMisbehaviour.SERVER_ERROR) return text(500, "userinfo failed");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", m == UserInfoMisbehaviour.OTHER_SUBJECT ? "someone-else" : p.subject());
        claims.putAll(profileClaims(p));
        claims.putAll(extension.userInfoClaims(p, grant.claims()));
        if (m == UserInfoMisbehaviour.HUGE) claims.put("padding", "x".repeat(1024 * 1024));
        var response = aResponse().withStatus(200).withFixedDelay(m == UserInfoMisbehaviour.HANGS ? 10_000 : 0);
        if (!userInfoSigned && m != UserInfoMisbehaviour.FORGED_SIGNATURE) {
            return response.withHeader("Content-Type", "application/json").withBody(JSONObjectUtils.toJSONString(claims)).build();
        }
        JWTClaimsSet.Builder jwt = new JWTClaimsSet.Builder().issuer(issuer).audience(clientId);
        claims.forEach(jwt::claim);
        JWK key = m == UserInfoMisbehaviour.FORGED_SIGNATURE ? newKey(keyType, signingKey.getKeyID()) : signingKey;
        JWSAlgorithm alg = JWSAlgorithm.parse(keyType.name());
        String body = signed(alg, key.getKeyID(), jwt.build(), new DefaultJWSSignerFactory().createJWSSigner(key, alg));
        return response.withHeader("Content-Type", "application/jwt").withBody(body).build();
    }

    private String sign(JWTClaimsSet claims, Misbehaviour m) throws JOSEException {
        JWK key = signingKey;
        if (m == Misbehaviour.ALG_NONE) {
            return new PlainJWT(claims).serialize(); // header {"alg":"none"}, empty signature part
        }
        if (m == Misbehaviour.HMAC_WITH_PUBLIC_KEY) { // key confusion: the verifier's own public key as HMAC secret
            return signed(JWSAlgorithm.HS256, key.getKeyID(), claims, new MACSigner(publicKeyPem(key).getBytes(US_ASCII)));
        }
        if (m == Misbehaviour.FORGED_SIGNATURE) key = newKey(keyType, key.getKeyID()); // same kid, wrong key
        if (m == Misbehaviour.UNKNOWN_KID) key = newKey(keyType, "unpublished-" + randomToken()); // never published
        JWSAlgorithm alg = JWSAlgorithm.parse(keyType.name());
        return signed(alg, key.getKeyID(), claims, new DefaultJWSSignerFactory().createJWSSigner(key, alg));
    }

    private static String signed(JWSAlgorithm alg, String kid, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** The PEM text of a JWK's public key: what a naive library would be handed as "the key" (HMAC_WITH_PUBLIC_KEY). */
    static String publicKeyPem(JWK key) throws JOSEException {
        byte[] der = ((AsymmetricJWK) key).toPublicKey().getEncoded(); // X.509 SubjectPublicKeyInfo
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static JWK newKey(KeyType type, String kid) {
        try {
            return type != KeyType.ES256
                    ? new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.parse(type.name())).keyUse(KeyUse.SIGNATURE).generate()
                    : new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- small helpers ----

    private static ResponseDefinition json(int status, Map<String, ?> body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(JSONObjectUtils.toJSONString(body)).build();
    }

    private static ResponseDefinition oauthError(int status, String error, String description) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(JSONObjectUtils.toJSONString(Map.of("error", error, "error_description", description)));
        return (status == 401 ? response.withHeader("WWW-Authenticate", "Basic realm=\"fake-upstream\"") : response).build();
    }

    private static ResponseDefinition text(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/plain; charset=utf-8").withBody(body).build();
    }

    /** Parses a query string or form body; the first value of a repeated name wins. */
    private static Map<String, String> parseForm(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null) return params;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            params.putIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String s256(String verifier) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String s) { return URLEncoder.encode(s, UTF_8); }
    private static String decode(String s) { return URLDecoder.decode(s, UTF_8); }
}
