package uk.civicid.broker.testsupport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.civicid.broker.testsupport.FakeUpstream.KeyType;
import uk.civicid.broker.testsupport.FakeUpstream.Misbehaviour;
import uk.civicid.broker.testsupport.FakeUpstream.Persona;

/** Drives FakeUpstream as a relying party would, with plain HTTP and Nimbus, so broker tests can trust it. */
class FakeUpstreamTest {

    private static final String CLIENT = "civicid-broker";
    private static final String SECRET = "s3cr:t/+&";  // characters that must be form-encoded in Basic auth
    private static final String REDIRECT = "http://127.0.0.1:9/callback";
    private static final String VERIFIER = "verifier-0123456789-0123456789-0123456789-abc";

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeUpstream upstream;

    @AfterEach
    void stop() {
        if (upstream != null) upstream.close();
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void fullSignInIssuesAnIdTokenVerifiableAgainstTheJwks(KeyType keyType) throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, keyType);
        upstream.signInAs(Persona.of("bob-123", "bob@example.org", "Bob Jones").withAcr("Cl.Cm").withAmr("pwd", "otp"));

        Map<String, Object> discovery = JSONObjectUtils.parse(get("/.well-known/openid-configuration").body());
        assertThat(discovery).containsEntry("issuer", upstream.issuer())
                .containsEntry("token_endpoint", upstream.issuer() + "/token")
                .containsEntry("authorization_response_iss_parameter_supported", true);
        assertThat(upstream.issuer()).startsWith("http://127.0.0.1:");

        HttpResponse<String> redirect = authorize(Map.of("login_hint", "bob@example.org"));
        assertThat(redirect.statusCode()).isEqualTo(302);
        Map<String, String> callback = query(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(callback).containsEntry("state", "the-state").containsEntry("iss", upstream.issuer()).containsKey("code");
        assertThat(upstream.lastAuthorizationRequest()).containsEntry("login_hint", "bob@example.org")
                .containsEntry("code_challenge_method", "S256");

        HttpResponse<String> token = exchange(callback.get("code"), VERIFIER, basic(CLIENT, SECRET), Map.of());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Map<String, Object> body = JSONObjectUtils.parse(token.body());
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 300L).containsKey("access_token");

        SignedJWT idToken = SignedJWT.parse((String) body.get("id_token"));
        assertThat(idToken.getHeader().getAlgorithm().getName()).isEqualTo(keyType.name());
        assertThat(idToken.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(idToken.getHeader().getKeyID()).isEqualTo(upstream.currentKey().getKeyID());
        JWTClaimsSet claims = verify(idToken, keyType);
        assertThat(claims.getIssuer()).isEqualTo(upstream.issuer());
        assertThat(claims.getSubject()).isEqualTo("bob-123");
        assertThat(claims.getAudience()).containsExactly(CLIENT);
        assertThat(claims.getClaim("azp")).isNull();
        assertThat(claims.getStringClaim("nonce")).isEqualTo("the-nonce");
        assertThat(claims.getBooleanClaim("email_verified")).isTrue();
        assertThat(claims.getStringClaim("given_name")).isEqualTo("Bob");
        assertThat(claims.getStringClaim("family_name")).isEqualTo("Jones");
        assertThat(claims.getStringClaim("acr")).isEqualTo("Cl.Cm");
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "otp");
        assertThat(claims.getExpirationTime()).isAfter(new Date());
        assertThat(upstream.jwksRequests()).isEqualTo(1);
        assertThat(upstream.tokenRequests()).isEqualTo(1);
    }

    @Test
    void codeIsOneTimeAndPkceAndClientSecretAreChecked() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.ES256);
        String code = signIn();
        assertThat(exchange(code, VERIFIER, basic(CLIENT, SECRET), Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> again = exchange(code, VERIFIER, basic(CLIENT, SECRET), Map.of());
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("invalid_grant");

        HttpResponse<String> wrongVerifier = exchange(signIn(), VERIFIER + "x", basic(CLIENT, SECRET), Map.of());
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(wrongVerifier.body()).contains("invalid_grant", "code_verifier");

        HttpResponse<String> wrongSecret = exchange(signIn(), VERIFIER, basic(CLIENT, "nope"), Map.of());
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).contains("invalid_client");
    }

    @Test
    void authorizeNamesTheMissingParameter() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.ES256);
        HttpResponse<String> response = get("/authorize?response_type=code&client_id=" + CLIENT
                + "&redirect_uri=" + enc(REDIRECT) + "&state=s&code_challenge=c&code_challenge_method=S256");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("missing required parameter: nonce");
    }

    @Test
    void privateKeyJwtIsAcceptedOnlyWithATrustedKey() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.RS256);
        ECKey trusted = new ECKeyGenerator(Curve.P_256).keyID("client-key").generate();
        upstream.trustClientKey(trusted.toPublicJWK());

        Map<String, String> good = assertion(trusted, upstream.tokenEndpoint());
        HttpResponse<String> ok = exchange(signIn(), VERIFIER, null, good);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(exchange(signIn(), VERIFIER, null, good).body()).contains("invalid_client", "jti");
        assertThat(exchange(signIn(), VERIFIER, null, assertion(trusted, "https://elsewhere.example/token")).statusCode())
                .isEqualTo(401);
        HttpResponse<String> audIssuer = exchange(signIn(), VERIFIER, null, assertion(trusted, upstream.issuer()));
        assertThat(audIssuer.statusCode()).as(audIssuer.body()).isEqualTo(200);

        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("client-key").generate();
        HttpResponse<String> refused = exchange(signIn(), VERIFIER, null, assertion(stranger, upstream.tokenEndpoint()));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("invalid_client");
    }

    @Test
    void algNoneYieldsAnUnsignedToken() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.RS256);
        upstream.misbehave(Misbehaviour.ALG_NONE);
        String idToken = idToken();
        assertThat(JWTParser.parse(idToken)).isInstanceOf(PlainJWT.class);
        assertThat(idToken).endsWith(".");
        assertThat(new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[0]), UTF_8)).isEqualTo("{\"alg\":\"none\"}");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void forgedSignatureCarriesThePublishedKidButFailsVerification(KeyType keyType) throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, keyType);
        upstream.misbehave(Misbehaviour.FORGED_SIGNATURE);
        SignedJWT forged = SignedJWT.parse(idToken());
        assertThat(forged.getHeader().getKeyID()).isEqualTo(upstream.currentKey().getKeyID());
        assertThatThrownBy(() -> verify(forged, keyType)).isInstanceOf(BadJOSEException.class);

        upstream.behave();
        verify(SignedJWT.parse(idToken()), keyType);
    }

    @Test
    void hmacWithPublicKeyIsVerifiableWithThePublicKeyPem() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.RS256);
        upstream.misbehave(Misbehaviour.HMAC_WITH_PUBLIC_KEY);
        SignedJWT token = SignedJWT.parse(idToken());
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(token.getHeader().getKeyID()).isEqualTo(upstream.currentKey().getKeyID());
        assertThat(token.verify(new MACVerifier(FakeUpstream.publicKeyPem(upstream.currentKey()).getBytes(US_ASCII)))).isTrue();
    }

    @Test
    void claimMisbehaviours() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.ES256);
        upstream.misbehave(Misbehaviour.UNKNOWN_KID);
        String kid = SignedJWT.parse(idToken()).getHeader().getKeyID();
        assertThat(JWKSet.parse(get("/jwks").body()).getKeyByKeyId(kid)).isNull();

        upstream.misbehave(Misbehaviour.AZP_OTHER_CLIENT);
        JWTClaimsSet azp = SignedJWT.parse(idToken()).getJWTClaimsSet();
        assertThat(azp.getAudience()).containsExactly(CLIENT, FakeUpstream.OTHER_CLIENT);
        assertThat(azp.getStringClaim("azp")).isEqualTo(FakeUpstream.OTHER_CLIENT);

        upstream.misbehave(Misbehaviour.EXPIRED);
        assertThat(SignedJWT.parse(idToken()).getJWTClaimsSet().getExpirationTime()).isBefore(new Date());
        upstream.misbehave(Misbehaviour.ISSUED_IN_FUTURE);
        assertThat(SignedJWT.parse(idToken()).getJWTClaimsSet().getIssueTime()).isAfter(new Date());
        upstream.misbehave(Misbehaviour.MISSING_NONCE);
        assertThat(SignedJWT.parse(idToken()).getJWTClaimsSet().getClaim("nonce")).isNull();
        upstream.misbehave(Misbehaviour.WRONG_ISSUER);
        assertThat(SignedJWT.parse(idToken()).getJWTClaimsSet().getIssuer()).isEqualTo(FakeUpstream.OTHER_ISSUER);
    }

    @Test
    void callbackIssMisbehaviours() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.ES256);
        upstream.misbehave(Misbehaviour.CALLBACK_WRONG_ISS);
        assertThat(query(authorize(Map.of()).headers().firstValue("Location").orElseThrow()))
                .containsEntry("iss", FakeUpstream.OTHER_ISSUER);
        upstream.misbehave(Misbehaviour.CALLBACK_NO_ISS);
        assertThat(query(authorize(Map.of()).headers().firstValue("Location").orElseThrow()))
                .containsKeys("code", "state").doesNotContainKey("iss");
    }

    @Test
    void rotateKeyPublishesBothKeysThenRetiresTheOld() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.RS256);
        String oldKid = upstream.currentKey().getKeyID();
        upstream.rotateKey();
        String newKid = upstream.currentKey().getKeyID();
        assertThat(newKid).isNotEqualTo(oldKid);
        JWKSet both = JWKSet.parse(get("/jwks").body());
        assertThat(both.getKeys()).extracting(k -> k.getKeyID()).containsExactlyInAnyOrder(oldKid, newKid);
        assertThat(both.getKeys()).allMatch(k -> !k.isPrivate());
        SignedJWT token = SignedJWT.parse(idToken());
        assertThat(token.getHeader().getKeyID()).isEqualTo(newKid);
        verify(token, KeyType.RS256);

        upstream.retireOldKeys();
        assertThat(JWKSet.parse(get("/jwks").body()).getKeys()).extracting(k -> k.getKeyID()).containsExactly(newKid);
    }

    @Test
    void jwksCanBeUnavailableAndComeBack() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.ES256);
        upstream.jwksAvailable(false);
        assertThat(get("/jwks").statusCode()).isEqualTo(503);
        upstream.jwksAvailable(true);
        assertThat(JWKSet.parse(get("/jwks").body()).getKeys()).extracting(k -> k.getKeyID())
                .containsExactly(upstream.currentKey().getKeyID());
        assertThat(upstream.jwksRequests()).isEqualTo(2);
    }

    // ---- a tiny relying party ----

    // ---- the GOV.UK One Login stand-in ----

    /**
     * One Login refuses a vtr that is not a JSON array of its vectors, and identity claims without an identity vector; a
     * client registered for private_key_jwt is refused a client secret.
     */
    @Test
    void theOneLoginStandIn_refusesUnknownVectors_identityClaimsWithoutAnIdentityVector_andAClientSecret() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.ES256);
        OneLoginStandIn.on(upstream);

        assertThat(authorize(Map.of("vtr", "[\"Cl.Cm.P2\"]")).body()).isEqualTo("invalid_request: vtr must be a JSON array of GOV.UK One Login vectors");
        assertThat(authorize(Map.of("vtr", "Cl.Cm")).statusCode()).isEqualTo(400);
        assertThat(authorize(Map.of("vtr", "[\"Cl.Cm\"]", "claims", "{\"userinfo\":{\"https://vocab.account.gov.uk/v1/coreIdentityJWT\":null}}"))
                .body()).isEqualTo("identity claims need an identity vector of trust (P2.Cl.Cm)");
        assertThat(authorize(Map.of("vtr", "[\"P1.Cl.Cm\",\"P2.Cl.Cm\"]")).statusCode()).isEqualTo(302);

        HttpResponse<String> secret = exchange(signIn(), VERIFIER, basic(CLIENT, SECRET), Map.of());
        assertThat(secret.statusCode()).isEqualTo(401);
        assertThat(secret.body()).contains("this client authenticates with private_key_jwt");
    }

    // ---- the NHS login stand-in ----

    /** NHS login refuses an authorization request without openid, or whose vtr is not a JSON array of its vectors. */
    @Test
    void theNhsLoginStandIn_refusesUnknownVectors_andRequestsWithoutOpenid() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.RS512);
        NhsLoginStandIn.on(upstream);

        assertThat(authorize(Map.of("vtr", "[\"P7.Cp\"]")).body()).isEqualTo("invalid_request: vtr must be a JSON array of NHS login vectors");
        assertThat(authorize(Map.of("vtr", "P9.Cp.Cd")).statusCode()).isEqualTo(400);
        assertThat(authorize(Map.of("scope", "email")).body()).isEqualTo("invalid_scope: openid is required");
        assertThat(authorize(Map.of("vtr", "[\"P5.Cp.Cd\",\"P9.Cm\"]")).statusCode()).isEqualTo(302);
    }

    /** NHS login takes private_key_jwt signed RS512 only: a client secret, or an RS256 assertion, is refused. */
    @Test
    void theNhsLoginStandIn_takesOnlyAnRs512ClientAssertion_andAnswersWithItsVectorAndTheNhsNumberAtUserinfo() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.RS512);
        NhsLoginStandIn nhs = NhsLoginStandIn.on(upstream);
        nhs.accountAt("P5");
        RSAKey key = new RSAKeyGenerator(2048).keyID("partner").generate();
        upstream.trustClientKey(key);

        HttpResponse<String> secret = exchange(signIn(), VERIFIER, basic(CLIENT, SECRET), Map.of());
        assertThat(secret.statusCode()).isEqualTo(401);
        assertThat(secret.body()).contains("NHS login takes private_key_jwt only");
        HttpResponse<String> rs256 = exchange(signIn(), VERIFIER, null, assertion(key, JWSAlgorithm.RS256, upstream.tokenEndpoint()));
        assertThat(rs256.statusCode()).isEqualTo(401);
        assertThat(rs256.body()).contains("client_assertion must be signed RS512, not RS256");

        HttpResponse<String> redirect = authorize(Map.of("vtr", "[\"P5.Cm\"]", "scope", "openid profile"));
        String code = query(redirect.headers().firstValue("Location").orElseThrow()).get("code");
        HttpResponse<String> token = exchange(code, VERIFIER, null, assertion(key, JWSAlgorithm.RS512, upstream.tokenEndpoint()));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Map<String, Object> body = JSONObjectUtils.parse(token.body());
        SignedJWT idToken = SignedJWT.parse((String) body.get("id_token"));
        assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS512);
        JWTClaimsSet claims = verify(idToken, KeyType.RS512);
        assertThat(claims.getClaim("vot")).isEqualTo("P5.Cm");
        assertThat(claims.getClaim("identity_proofing_level")).isEqualTo("P5");
        assertThat(claims.getClaim("vtm")).isNotNull();
        assertThat(claims.getClaim("nhs_number")).as("at userinfo only").isNull();
        HttpResponse<String> userinfo = http.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/userinfo"))
                .header("Authorization", "Bearer " + body.get("access_token")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSONObjectUtils.parse(userinfo.body())).containsEntry("nhs_number", NhsLoginStandIn.NHS_NUMBER)
                .containsEntry("identity_proofing_level", "P5");
    }

    // ---- the Entra ID stand-in ----

    /** Each authority's metadata: a tenant's own issuer, the template for organizations and common, none for an unknown tenant. */
    @Test
    void theEntraIdStandIn_publishesEachAuthoritysIssuer_theTemplateForTheMultiTenantOnes() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.RS256);
        EntraIdStandIn entra = EntraIdStandIn.on(upstream);

        assertThat(JSONObjectUtils.parse(get("/organizations/v2.0/.well-known/openid-configuration").body()))
                .containsEntry("issuer", upstream.issuer() + "/{tenantid}/v2.0").doesNotContainKey("authorization_response_iss_parameter_supported");
        assertThat(JSONObjectUtils.parse(get("/common/v2.0/.well-known/openid-configuration").body()))
                .containsEntry("issuer", upstream.issuer() + "/{tenantid}/v2.0");
        assertThat(JSONObjectUtils.parse(get("/consumers/v2.0/.well-known/openid-configuration").body()))
                .containsEntry("issuer", entra.issuer(EntraIdStandIn.CONSUMERS));
        assertThat(JSONObjectUtils.parse(get("/" + EntraIdStandIn.CONTOSO + "/v2.0/.well-known/openid-configuration").body()))
                .containsEntry("issuer", entra.issuer(EntraIdStandIn.CONTOSO));
        assertThat(get("/contoso.example/v2.0/.well-known/openid-configuration").statusCode()).isEqualTo(400);
    }

    /**
     * A wrong secret, or an assertion naming no certificate, is invalid_client; the ID token is the tenant's, with oid and a
     * pairwise sub, email without email_verified, and the roles and groups; no iss on the callback.
     */
    @Test
    void theEntraIdStandIn_refusesAWrongSecret_andAnAssertionWithoutACertificate_andAnswersTenantClaims() throws Exception {
        upstream = FakeUpstream.start(CLIENT, SECRET, KeyType.RS256);
        EntraIdStandIn entra = EntraIdStandIn.on(upstream);
        RSAKey key = new RSAKeyGenerator(2048).keyID("no-certificate").generate();
        upstream.trustClientKey(key);
        upstream.signInAs(FakeUpstream.Persona.alice());
        entra.signInAt(EntraIdStandIn.FABRIKAM);
        entra.appRoles("Cases.Read");
        entra.groups("5f0e6a52-9c3b-4c61-8a0e-2f6d3c1b7e90");

        HttpResponse<String> wrongSecret = exchange(signIn(), VERIFIER, basic(CLIENT, "wrong"), Map.of());
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(JSONObjectUtils.parse(wrongSecret.body())).containsEntry("error", "invalid_client");
        HttpResponse<String> noCertificate = exchange(signIn(), VERIFIER, null, assertion(key, JWSAlgorithm.RS256, upstream.tokenEndpoint()));
        assertThat(noCertificate.statusCode()).isEqualTo(401);
        assertThat(noCertificate.body()).contains("AADSTS700027");

        HttpResponse<String> redirect = authorize(Map.of("scope", "openid profile email"));
        assertThat(query(redirect.headers().firstValue("Location").orElseThrow())).doesNotContainKey("iss");
        String code = query(redirect.headers().firstValue("Location").orElseThrow()).get("code");
        JWTClaimsSet claims = verify(SignedJWT.parse((String) JSONObjectUtils.parse(
                exchange(code, VERIFIER, basic(CLIENT, SECRET), Map.of()).body()).get("id_token")), KeyType.RS256);
        assertThat(claims.getIssuer()).isEqualTo(entra.issuer(EntraIdStandIn.FABRIKAM));
        assertThat(claims.getClaims()).containsEntry("tid", EntraIdStandIn.FABRIKAM).containsEntry("oid", "alice")
                .containsEntry("email", "alice@example.org").doesNotContainKey("email_verified")
                .containsEntry("roles", List.of("Cases.Read")).containsEntry("groups", List.of("5f0e6a52-9c3b-4c61-8a0e-2f6d3c1b7e90"));
        assertThat(claims.getSubject()).isNotEqualTo("alice");
    }

    private JWTClaimsSet verify(SignedJWT token, KeyType keyType) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(keyType.name()),
                new ImmutableJWKSet<>(JWKSet.parse(get("/jwks").body()))));
        return processor.process(token, null);
    }

    private String idToken() throws Exception {
        HttpResponse<String> token = exchange(signIn(), VERIFIER, basic(CLIENT, SECRET), Map.of());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return (String) JSONObjectUtils.parse(token.body()).get("id_token");
    }

    private String signIn() throws Exception {
        HttpResponse<String> redirect = authorize(Map.of());
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        return query(redirect.headers().firstValue("Location").orElseThrow()).get("code");
    }

    private HttpResponse<String> authorize(Map<String, String> extra) throws Exception {
        Map<String, String> params = new LinkedHashMap<>(Map.of("response_type", "code", "client_id", CLIENT,
                "redirect_uri", REDIRECT, "state", "the-state", "nonce", "the-nonce",
                "code_challenge", s256(VERIFIER), "code_challenge_method", "S256", "scope", "openid email"));
        params.putAll(extra);
        return get("/authorize?" + form(params));
    }

    private HttpResponse<String> exchange(String code, String verifier, String authorization, Map<String, String> extra)
            throws Exception {
        Map<String, String> params = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier));
        params.putAll(extra);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        if (authorization != null) request.header("Authorization", authorization);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, String> assertion(ECKey key, String audience) throws Exception {
        return assertion(key, JWSAlgorithm.ES256, audience);
    }

    private Map<String, String> assertion(JWK key, JWSAlgorithm alg, String audience) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT).audience(audience)
                        .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).build());
        jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, alg));
        return Map.of("client_id", CLIENT, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", jwt.serialize());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret)).getBytes(UTF_8));
    }

    private static Map<String, String> query(String location) {
        return java.util.Arrays.stream(URI.create(location).getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], UTF_8)));
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(US_ASCII)));
    }

    private static String enc(String s) { return URLEncoder.encode(s, UTF_8); }
}
