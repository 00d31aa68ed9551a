package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.FakeUpstream.Persona;
import uk.civicid.broker.testsupport.OneLoginStandIn;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * A verified identity for the apps that need one, from GOV.UK One Login's identity proving ("Prove your user's identity",
 * https://docs.sign-in.service.gov.uk/integrate-with-integration-environment/prove-users-identity/), against a stand-in
 * that behaves as that page says ({@link OneLoginStandIn}). An app granted the {@code identity} scope gets
 * OpenID Connect for Identity Assurance 1.0 {@code verified_claims}; the broker asks One Login for identity only for it,
 * as a step-up from an authentication-only sign-in; apps without the scope never see them.
 */
class GovUkOneLoginIdentityTest {

    static FakeUpstream oneLogin;
    static OneLoginStandIn identity;
    static TestBroker broker;
    static TestApp tax;
    static TestApp housing; // takes a verified identity of medium confidence (P2) or above
    static TestApp blueBadge; // takes one of any level

    @BeforeAll
    static void start() {
        oneLogin = FakeUpstream.start("civicid-one-login", "unused", FakeUpstream.KeyType.ES256);
        oneLogin.claimsOnlyAtUserInfo(true);
        identity = OneLoginStandIn.on(oneLogin);
        Map<String, Object> apps = new HashMap<>(TestApp.registration(0, "tax"));
        apps.putAll(Map.of("civicid.clients[0].scopes[0]", "openid", "civicid.clients[0].scopes[1]", "email"));
        apps.putAll(TestApp.registration(1, "housing"));
        apps.putAll(Map.of("civicid.clients[1].scopes[0]", "openid", "civicid.clients[1].scopes[1]", "email",
                "civicid.clients[1].scopes[2]", "identity", "civicid.clients[1].identity-level", "medium"));
        apps.put("civicid.federation.jwks-refetch-interval", "1s"); // so a key rotation is seen within the test
        apps.putAll(TestApp.registration(2, "blue-badge"));
        apps.putAll(Map.of("civicid.clients[2].scopes[0]", "openid", "civicid.clients[2].scopes[1]", "identity"));
        broker = TestBroker.start(TestUpstream.properties(apps,
                TestUpstream.of(oneLogin, "gov-uk").set("profile", "gov-uk-one-login").without("client-secret")
                        .set("identity.issuer", identity.issuer()).list("identity.vtr", "P1.Cl.Cm", "P2.Cl.Cm")));
        oneLogin.trustClientJwksAt(broker.uri("/signin/client-jwks"));
        tax = new TestApp(broker, "tax", null, "openid email");
        housing = new TestApp(broker, "housing", null, "openid email identity");
        blueBadge = new TestApp(broker, "blue-badge", null, "openid identity");
    }

    @AfterAll
    static void stop() {
        broker.close();
        oneLogin.close();
    }

    @AfterEach
    void behave() {
        oneLogin.behave();
        identity.behave();
    }

    static Persona newPerson() {
        return Persona.of("urn:fdc:gov.uk:2022:" + UUID.randomUUID(), "citizen-" + UUID.randomUUID() + "@example.org", "Sam Citizen");
    }

    @Test
    void anIdentityApp_getsTheVerifiedIdentity_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited() {
        oneLogin.signInAs(newPerson());

        TestBroker.Json tokens = housing.tokens(new Browser(), "gov-uk");

        assertThat(oneLogin.lastAuthorizationRequest()).containsEntry("vtr", "[\"P2.Cl.Cm\"]");
        assertThat(identity.lastClaimsRequested()).isEqualTo("{\"userinfo\":{\"https://vocab.account.gov.uk/v1/coreIdentityJWT\":null,"
                + "\"https://vocab.account.gov.uk/v1/address\":null,\"https://vocab.account.gov.uk/v1/returnCode\":null}}");
        Map<String, Object> expected = Map.of(
                "verification", Map.of("trust_framework", "uk_tfida", "assurance_level", "medium"),
                "claims", Map.of("given_name", "Sam Alex", "family_name", "Citizen", "birthdate", "1980-04-01",
                        "address", Map.of("street_address", "10 DOWNING STREET", "locality", "LONDON", "postal_code", "SW1A 2AA",
                                "country", "GB")));
        JWTClaimsSet idToken = tokens.idToken();
        assertThat(idToken.getClaim("verified_claims")).isEqualTo(expected);
        assertThat(idToken.getClaim("acr")).as("the level of authentication met").isEqualTo("http://eidas.europa.eu/LoA/substantial");
        TestBroker.Json userinfo = broker.getWithBearer("/userinfo", tokens.string("access_token"));
        assertThat(userinfo.body()).containsEntry("verified_claims", expected);
        List<AuditEvent> released = broker.bean(AuditLog.class).recent(50).stream()
                .filter(e -> e.type() == AuditEventType.IDENTITY_RELEASED).limit(2).toList();
        assertThat(released).extracting(e -> e.details().get("in")).containsExactlyInAnyOrder("id_token", "userinfo");
        assertThat(released).allSatisfy(e -> {
            assertThat(e.clientId()).isEqualTo("housing");
            assertThat(e.upstreamId()).isEqualTo("gov-uk");
            assertThat(e.details()).containsEntry("claims", "given_name family_name birthdate address");
        });
    }

    /** Signed in for an app that needs authentication only, then opening an identity app: sent back to prove it. */
    @Test
    void aPersonSignedInWithoutIdentity_isSentBackToProveIt_andAnAppWithoutTheScopeNeverSeesIt() {
        oneLogin.signInAs(newPerson());
        Browser browser = new Browser();

        JWTClaimsSet first = tax.tokens(browser, "gov-uk").idToken();
        assertThat(oneLogin.lastAuthorizationRequest()).containsEntry("vtr", "[\"Cl.Cm\"]").doesNotContainKey("claims");
        assertThat(first.getClaim("verified_claims")).isNull();

        JWTClaimsSet stepUp = housing.tokens(browser, "gov-uk").idToken();
        assertThat(oneLogin.lastAuthorizationRequest()).containsEntry("vtr", "[\"P2.Cl.Cm\"]").containsKey("claims");
        assertThat(stepUp.getClaim("verified_claims")).isNotNull();

        TestBroker.Json again = tax.tokens(browser, "gov-uk");
        assertThat(again.idToken().getClaim("verified_claims")).as("the tax app has no identity scope").isNull();
        assertThat(broker.getWithBearer("/userinfo", again.string("access_token")).body()).doesNotContainKey("verified_claims");
    }

    /**
     * One Login proves identities at low (P1) and medium (P2) confidence ("Choose the level of identity confidence",
     * https://docs.sign-in.service.gov.uk/before-integrating/choose-the-level-of-identity-confidence/): an app taking any
     * level is asked for with both, an app needing medium with P2 only, and a P1 identity does not serve it.
     */
    @Test
    void eachAppIsAskedForTheLevelItNeeds_andALowerIdentityIsProvedAgainAtIt() {
        oneLogin.signInAs(newPerson());
        Browser browser = new Browser();

        JWTClaimsSet low = blueBadge.tokens(browser, "gov-uk").idToken();
        assertThat(oneLogin.lastAuthorizationRequest()).containsEntry("vtr", "[\"P1.Cl.Cm\",\"P2.Cl.Cm\"]");
        assertThat(low.getClaim("verified_claims")).extracting("verification")
                .isEqualTo(Map.of("trust_framework", "uk_tfida", "assurance_level", "low"));

        JWTClaimsSet medium = housing.tokens(browser, "gov-uk").idToken();
        assertThat(oneLogin.lastAuthorizationRequest()).containsEntry("vtr", "[\"P2.Cl.Cm\"]").containsKey("claims");
        assertThat(medium.getClaim("verified_claims")).extracting("verification")
                .isEqualTo(Map.of("trust_framework", "uk_tfida", "assurance_level", "medium"));
    }

    /** The DID document is kept as its Cache-Control says, and read again when One Login signs with a key it does not hold. */
    @Test
    void theDidDocument_isKept_andReadAgainForARotatedKey() throws InterruptedException {
        oneLogin.signInAs(newPerson());
        housing.tokens(new Browser(), "gov-uk");
        int read = identity.didRequests();

        housing.tokens(new Browser(), "gov-uk");
        assertThat(identity.didRequests()).as("kept for its max-age").isEqualTo(read);

        identity.rotateKey();
        Thread.sleep(1100); // past the refetch interval, which also limits how often an unknown kid reads it again
        JWTClaimsSet rotated = housing.tokens(new Browser(), "gov-uk").idToken();
        assertThat(rotated.getClaim("verified_claims")).isNotNull();
        assertThat(identity.didRequests()).as("read again once, for the new kid").isEqualTo(read + 1);
    }

    @Test
    void anAppNotGrantedTheIdentityScope_cannotAskForIt() {
        Browser.Page end = new TestApp(broker, "tax", null, "openid identity").attemptSignIn(new Browser(), "gov-uk");

        assertThat(end.location()).startsWith(TestApp.REDIRECT_URI).contains("error=invalid_scope");
    }

    /** One Login's return code (identity could not be proved) reaches the app as access_denied, for it to offer another way. */
    @Test
    void anIdentityThatCouldNotBeProved_reachesTheAppAsAccessDenied_withTheReturnCodesAudited() {
        Persona person = newPerson();
        oneLogin.signInAs(person);
        identity.misbehave(OneLoginStandIn.Misbehaviour.NOT_PROVED);

        Browser.Page end = housing.attemptSignIn(new Browser(), "gov-uk");

        assertThat(end.location()).startsWith(TestApp.REDIRECT_URI).contains("error=access_denied")
                .contains("error_description=identity_not_proved");
        AuditEvent notProved = broker.bean(AuditLog.class).recent(20).stream()
                .filter(e -> e.type() == AuditEventType.IDENTITY_NOT_PROVED).findFirst().orElseThrow();
        assertThat(notProved.upstreamId()).isEqualTo("gov-uk");
        assertThat(notProved.details()).containsEntry("returnCodes", "X");
    }

    /** Why each wrong core identity is refused, as the broker logs it. */
    static final Map<OneLoginStandIn.Misbehaviour, String> REFUSALS = Map.of(
            OneLoginStandIn.Misbehaviour.WRONG_ISSUER, "core identity JWT iss is not the identity issuer",
            OneLoginStandIn.Misbehaviour.WRONG_AUDIENCE, "core identity JWT aud is not the broker's client id",
            OneLoginStandIn.Misbehaviour.OTHER_SUBJECT, "core identity JWT sub is not the ID token's",
            OneLoginStandIn.Misbehaviour.EXPIRED, "core identity JWT expired",
            OneLoginStandIn.Misbehaviour.LOWER_CONFIDENCE, "core identity JWT vot is not a level of confidence asked for",
            OneLoginStandIn.Misbehaviour.UNKNOWN_KID, "core identity JWT kid is not in the identity issuer's DID document",
            OneLoginStandIn.Misbehaviour.FORGED_SIGNATURE, "core identity JWT signature does not verify",
            OneLoginStandIn.Misbehaviour.NO_CORE_IDENTITY, "no core identity JWT");

    /** Each way a core identity JWT can be wrong ends the sign-in, for its own reason. */
    @ParameterizedTest
    @EnumSource(value = OneLoginStandIn.Misbehaviour.class, names = "NOT_PROVED", mode = EnumSource.Mode.EXCLUDE)
    @ExtendWith(OutputCaptureExtension.class)
    void aWrongCoreIdentity_isRefused_andNoAppGetsIt(OneLoginStandIn.Misbehaviour wrong, CapturedOutput log) {
        oneLogin.signInAs(newPerson());
        identity.misbehave(wrong);

        Browser.Page end = housing.attemptSignIn(new Browser(), "gov-uk");

        assertThat(end.status()).isEqualTo(400);
        assertThat(end.location()).isNull();
        assertThat(end.body()).contains("We could not confirm who signed in");
        AuditEvent failed = broker.bean(AuditLog.class).recent(20).stream()
                .filter(e -> e.type() == AuditEventType.SIGN_IN_FAILED && "gov-uk".equals(e.upstreamId())).findFirst().orElseThrow();
        assertThat(failed.details()).containsEntry("reason", "INVALID_RESPONSE");
        assertThat(log.getOut()).contains("reason=INVALID_RESPONSE detail=\"" + REFUSALS.get(wrong) + "\"");
    }

}
