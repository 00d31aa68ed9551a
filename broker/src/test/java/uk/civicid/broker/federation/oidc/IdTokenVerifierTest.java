package uk.civicid.broker.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;

/** OIDC Core §3.1.3.7: every rule an upstream ID token must pass, each broken once, with real keys and signatures. */
@Tag("unit")
class IdTokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final String ISSUER = "https://login.council.example";
    static final String CLIENT = "civicid";
    static final String NONCE = "n-0S6_WzA2Mj";
    static final Duration SKEW = Duration.ofSeconds(60);

    static final RSAKey RSA = generateRsa("rsa-1");
    static final ECKey EC = generateEc("ec-1");
    static final JWKSource<SecurityContext> KEYS = new ImmutableJWKSet<>(new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())));

    private final IdTokenVerifier verifier = verifier(List.of("RS256", "ES256"), KEYS);

    static IdTokenVerifier verifier(List<String> algorithms, JWKSource<SecurityContext> keys) {
        return new IdTokenVerifier(ISSUER, CLIENT, algorithms, keys, SKEW, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWTClaimsSet.Builder goodClaims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("person-1").audience(CLIENT).claim("nonce", NONCE)
                .issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(300)));
    }

    static String signed(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String rs256(UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
        return signed(JWSAlgorithm.RS256, RSA.getKeyID(), new RSASSASigner(RSA), change.apply(goodClaims()).build());
    }

    static UpstreamSignInException refusal(IdTokenVerifier verifier, String token, String nonce) {
        return catchThrowableOfType(UpstreamSignInException.class, () -> verifier.verify(token, nonce));
    }

    UpstreamSignInException invalid(String token) {
        UpstreamSignInException e = refusal(verifier, token, NONCE);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE);
        return e;
    }

    @Test
    void aGoodToken_givesItsClaims() throws Exception {
        JWTClaimsSet claims = verifier.verify(rs256(c -> c), NONCE);
        assertThat(claims.getSubject()).isEqualTo("person-1");
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly(CLIENT);
    }

    @Test
    void aGoodToken_signedWithEs256_isAccepted() throws Exception {
        String token = signed(JWSAlgorithm.ES256, EC.getKeyID(), new ECDSASigner(EC), goodClaims().build());
        assertThat(verifier.verify(token, NONCE).getSubject()).isEqualTo("person-1");
    }

    @Test
    void aWrongSignature_isRefused() throws Exception {
        RSAKey impostor = generateRsa(RSA.getKeyID()); // same kid, another key
        String token = signed(JWSAlgorithm.RS256, RSA.getKeyID(), new RSASSASigner(impostor), goodClaims().build());
        assertThat(invalid(token)).hasMessage("ID token rejected: Signed JWT rejected: Invalid signature");
    }

    @Test
    void algNone_isRefused() {
        String token = new PlainJWT(goodClaims().build()).serialize();
        assertThat(invalid(token)).hasMessage("ID token is not signed");
    }

    /** Key confusion: the upstream's public RSA key used as an HMAC secret. */
    @Test
    void hs256_signedWithThePublicKeysBytes_isRefused() throws Exception {
        byte[] publicKey = RSA.toRSAPublicKey().getEncoded();
        String token = signed(JWSAlgorithm.HS256, RSA.getKeyID(), new MACSigner(publicKey), goodClaims().build());
        assertThat(invalid(token)).hasMessage("ID token rejected: Signed JWT rejected: Another algorithm expected, or no matching key(s) found");
    }

    @Test
    void anAlgorithmOutsideTheAllowList_isRefused_evenWithAKeyInTheJwks() throws Exception {
        String token = signed(JWSAlgorithm.ES256, EC.getKeyID(), new ECDSASigner(EC), goodClaims().build());
        UpstreamSignInException e = refusal(verifier(List.of("RS256"), KEYS), token, NONCE);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE);
        assertThat(e).hasMessage("ID token rejected: Signed JWT rejected: Another algorithm expected, or no matching key(s) found");
    }

    /** Back-Channel Logout 1.0 §2.4: a logout token (typ logout+jwt) is never taken for an ID token. */
    @Test
    void aLogoutTypedToken_isRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("logout+jwt")).keyID(RSA.getKeyID())
                .build(), goodClaims().build());
        jwt.sign(new RSASSASigner(RSA));
        assertThat(invalid(jwt.serialize())).hasMessage("ID token rejected: JOSE header typ (type) logout+jwt not allowed");
    }

    @Test
    void aWrongIssuer_isRefused() throws Exception {
        assertThat(invalid(rs256(c -> c.issuer("https://evil.example"))))
                .hasMessage("ID token rejected: JWT iss claim value rejected");
    }

    @Test
    void anAudienceWithoutOurClientId_isRefused() throws Exception {
        assertThat(invalid(rs256(c -> c.audience("another-app")))).hasMessage("ID token rejected: JWT aud claim rejected");
    }

    @Test
    void severalAudiences_withoutAzp_areRefused() throws Exception {
        assertThat(invalid(rs256(c -> c.audience(List.of(CLIENT, "another-app"))))).hasMessage("ID token azp is not this client");
    }

    @Test
    void severalAudiences_withOurAzp_areAccepted() throws Exception {
        assertThat(verifier.verify(rs256(c -> c.audience(List.of(CLIENT, "another-app")).claim("azp", CLIENT)), NONCE).getSubject())
                .isEqualTo("person-1");
    }

    @Test
    void anAzpOfAnotherClient_isRefused() throws Exception {
        assertThat(invalid(rs256(c -> c.claim("azp", "another-app")))).hasMessage("ID token azp is not this client");
    }

    @Test
    void expiredBeyondTheSkew_isRefused() throws Exception {
        String token = rs256(c -> c.issueTime(Date.from(NOW.minusSeconds(600))).expirationTime(Date.from(NOW.minus(SKEW).minusSeconds(1))));
        assertThat(invalid(token)).hasMessage("ID token rejected: Expired JWT");
    }

    @Test
    void issuedInTheFutureBeyondTheSkew_isRefused() throws Exception {
        assertThat(invalid(rs256(c -> c.issueTime(Date.from(NOW.plus(SKEW).plusSeconds(1)))))).hasMessage("ID token issued in the future");
    }

    @Test
    void expiredOrIssuedAhead_withinTheSkew_isAccepted() throws Exception {
        String expired = rs256(c -> c.issueTime(Date.from(NOW.minusSeconds(600))).expirationTime(Date.from(NOW.minus(SKEW).plusSeconds(1))));
        assertThat(verifier.verify(expired, NONCE).getSubject()).isEqualTo("person-1");
        String ahead = rs256(c -> c.issueTime(Date.from(NOW.plus(SKEW).minusSeconds(1))));
        assertThat(verifier.verify(ahead, NONCE).getSubject()).isEqualTo("person-1");
    }

    @Test
    void aWrongNonce_isRefused() throws Exception {
        assertThat(invalid(rs256(c -> c.claim("nonce", "another-sign-in")))).hasMessage("ID token nonce does not match");
    }

    @Test
    void aMissingNonce_isRefused() throws Exception {
        assertThat(invalid(rs256(c -> c.claim("nonce", null)))).hasMessage("ID token rejected: JWT missing required claims: [nonce]");
    }

    @Test
    void anUnavailableJwks_isAnOutage_notAnAttack() throws Exception {
        JWKSource<SecurityContext> down = (selector, context) -> {
            throw new JWKSetUnavailableException("connection refused", null);
        };
        UpstreamSignInException e = refusal(verifier(List.of("RS256"), down), rs256(c -> c), NONCE);
        assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
        assertThat(e).hasMessage("upstream JWKS unavailable: connection refused").hasCauseInstanceOf(JWKSetUnavailableException.class);
    }
}
