package uk.civicid.broker.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
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
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.federation.LogoutTokenRefused;
import uk.civicid.broker.federation.UpstreamLogout;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;

/** OpenID Connect Back-Channel Logout 1.0 §2.6: a good logout token, then each validation rule broken once. */
@Tag("unit")
class LogoutTokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final String ISSUER = "https://login.council.example";
    static final String CLIENT = "civicid";
    static final Duration SKEW = Duration.ofSeconds(60);
    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    static final JOSEObjectType LOGOUT_JWT = new JOSEObjectType("logout+jwt");

    static final RSAKey RSA = IdTokenVerifierTest.generateRsa("rsa-1");

    private final LogoutTokenVerifier verifier = verifier(new ImmutableJWKSet<>(new JWKSet(RSA.toPublicJWK())));

    static LogoutTokenVerifier verifier(JWKSource<SecurityContext> keys) {
        return new LogoutTokenVerifier(ISSUER, CLIENT, List.of("RS256"), keys, SKEW, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** §2.4: iss, aud, iat, exp, jti, events with the back-channel logout member, sub and sid. */
    static JWTClaimsSet.Builder goodClaims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(CLIENT).subject("person-1").claim("sid", "upstream-session-1")
                .jwtID("jti-1").claim("events", Map.of(EVENT, Map.of()))
                .issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(120)));
    }

    static String token(JOSEObjectType typ, RSAKey key, UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(typ).keyID(RSA.getKeyID()).build(),
                change.apply(goodClaims()).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String token(UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
        return token(LOGOUT_JWT, RSA, change);
    }

    void assertRefused(String token, String rule) {
        assertThatThrownBy(() -> verifier.verify(token)).isExactlyInstanceOf(LogoutTokenRefused.class).hasMessage(rule);
    }

    @Test
    void aGoodLogoutToken_givesSubSidJti_acceptableUntilExpPlusSkew() throws Exception {
        assertThat(verifier.verify(token(c -> c)))
                .isEqualTo(new UpstreamLogout("person-1", "upstream-session-1", "jti-1", NOW.plusSeconds(120).plus(SKEW)));
    }

    @Test
    void aGoodLogoutToken_typedAsAPlainJwt_isAccepted() throws Exception {
        assertThat(verifier.verify(token(JOSEObjectType.JWT, RSA, c -> c)))
                .isEqualTo(new UpstreamLogout("person-1", "upstream-session-1", "jti-1", NOW.plusSeconds(120).plus(SKEW)));
    }

    @Test
    void withoutExp_isAcceptableUntilTwoMinutesAfterIat_plusSkew() throws Exception {
        Instant iat = NOW.minusSeconds(30);
        assertThat(verifier.verify(token(c -> c.expirationTime(null).issueTime(Date.from(iat)))))
                .isEqualTo(new UpstreamLogout("person-1", "upstream-session-1", "jti-1", iat.plus(Duration.ofMinutes(2)).plus(SKEW)));
    }

    @Test
    void withOnlySub_orOnlySid_isAccepted() throws Exception {
        assertThat(verifier.verify(token(c -> c.claim("sid", null))))
                .isEqualTo(new UpstreamLogout("person-1", null, "jti-1", NOW.plusSeconds(120).plus(SKEW)));
        assertThat(verifier.verify(token(c -> c.subject(null))))
                .isEqualTo(new UpstreamLogout(null, "upstream-session-1", "jti-1", NOW.plusSeconds(120).plus(SKEW)));
    }

    @Test
    void aBadSignature_isRefused() throws Exception {
        RSAKey impostor = IdTokenVerifierTest.generateRsa(RSA.getKeyID());
        assertRefused(token(LOGOUT_JWT, impostor, c -> c), "logout token rejected: Signed JWT rejected: Invalid signature");
    }

    @Test
    void anUnsignedToken_isRefused() {
        assertRefused(new PlainJWT(goodClaims().build()).serialize(), "logout token is not signed");
    }

    @Test
    void anotherTyp_isRefused() throws Exception {
        assertRefused(token(new JOSEObjectType("at+jwt"), RSA, c -> c), "logout token rejected: JOSE header typ (type) at+jwt not allowed");
    }

    @Test
    void aWrongIssuer_isRefused() throws Exception {
        assertRefused(token(c -> c.issuer("https://evil.example")), "logout token rejected: JWT iss claim value rejected");
    }

    @Test
    void aWrongAudience_isRefused() throws Exception {
        assertRefused(token(c -> c.audience("another-app")), "logout token rejected: JWT aud claim rejected");
    }

    @Test
    void issuedInTheFuture_beyondTheSkew_isRefused() throws Exception {
        assertRefused(token(c -> c.issueTime(Date.from(NOW.plus(SKEW).plusSeconds(1)))), "logout token issued in the future");
    }

    @Test
    void anExpiredExp_isRefused() throws Exception {
        assertRefused(token(c -> c.issueTime(Date.from(NOW.minusSeconds(600))).expirationTime(Date.from(NOW.minus(SKEW).minusSeconds(1)))),
                "logout token rejected: Expired JWT");
    }

    @Test
    void noExp_andIatOlderThanTwoMinutesPlusSkew_isRefused() throws Exception {
        Instant tooOld = NOW.minus(Duration.ofMinutes(2)).minus(SKEW).minusSeconds(1);
        assertRefused(token(c -> c.expirationTime(null).issueTime(Date.from(tooOld))),
                "logout token too old (no exp, issued over 2 minutes ago)");
        Instant justInTime = tooOld.plusSeconds(1);
        assertThat(verifier.verify(token(c -> c.expirationTime(null).issueTime(Date.from(justInTime)))).acceptableUntil()).isEqualTo(NOW);
    }

    @Test
    void missingEvents_isRefused() throws Exception {
        assertRefused(token(c -> c.claim("events", null)), "logout token rejected: JWT missing required claims: [events]");
    }

    @Test
    void eventsWithoutTheBackChannelMember_isRefused() throws Exception {
        assertRefused(token(c -> c.claim("events", Map.of("http://schemas.openid.net/event/other", Map.of()))),
                "logout token events has no " + EVENT + " member (a JSON object)");
    }

    @Test
    void theEventsMember_notAJsonObject_isRefused() throws Exception {
        assertRefused(token(c -> c.claim("events", Map.of(EVENT, "true"))), "logout token events has no " + EVENT + " member (a JSON object)");
        assertRefused(token(c -> c.claim("events", List.of(EVENT))), "logout token events has no " + EVENT + " member (a JSON object)");
    }

    /** §2.6: a nonce is prohibited, so that an ID token can never be taken for a logout token. */
    @Test
    void withANonce_isRefused() throws Exception {
        assertRefused(token(c -> c.claim("nonce", "n-1")), "logout token rejected: JWT has prohibited claims: [nonce]");
    }

    @Test
    void neitherSubNorSid_isRefused() throws Exception {
        assertRefused(token(c -> c.subject(null).claim("sid", null)), "logout token has neither sub nor sid");
    }

    @Test
    void aSidThatIsNotAString_isRefused() throws Exception {
        assertRefused(token(c -> c.claim("sid", 42)), "logout token sid is not a string");
    }

    @Test
    void missingJti_isRefused() throws Exception {
        assertRefused(token(c -> c.jwtID(null)), "logout token rejected: JWT missing required claims: [jti]");
    }

    @Test
    void missingIat_isRefused() throws Exception {
        assertRefused(token(c -> c.issueTime(null)), "logout token rejected: JWT missing required claims: [iat]");
    }

    @Test
    void anUnavailableJwks_isAnOutage_notARefusal() throws Exception {
        JWKSource<SecurityContext> down = (selector, context) -> {
            throw new JWKSetUnavailableException("connection refused", null);
        };
        assertThatThrownBy(() -> verifier(down).verify(token(c -> c))).isExactlyInstanceOf(UpstreamSignInException.class)
                .hasMessage("upstream JWKS unavailable: connection refused")
                .satisfies(e -> assertThat(((UpstreamSignInException) e).reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE));
    }
}
