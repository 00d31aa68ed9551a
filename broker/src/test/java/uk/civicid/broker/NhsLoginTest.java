package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
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
import uk.civicid.broker.testsupport.NhsLoginStandIn;
import uk.civicid.broker.testsupport.SignInRefusals;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * {@code profile: nhs-login}, against a stand-in that behaves as NHS login's interface specification ("NHS login -
 * Interface Specification - Federation", https://github.com/nhsconnect/nhslogin) and "Scopes and claims"
 * (https://nhsconnect.github.io/nhslogin/scopes-and-claims/) say ({@link NhsLoginStandIn}): RS512 tokens and client
 * assertions, {@code vtr} with the levels of identity proofing the app needs, {@code vot} and
 * {@code identity_proofing_level} checked, the NHS number at userinfo released only to apps allowed it, and a P9
 * identity as the same {@code verified_claims} GOV.UK One Login's gives.
 */
class NhsLoginTest {

    @TempDir
    static Path keys;
    static FakeUpstream upstream;
    static NhsLoginStandIn nhs;
    static TestBroker broker;
    static TestApp booking;
    static TestApp records;
    static TestApp housing;

    @BeforeAll
    static void start() throws JOSEException, IOException {
        RSAKey clientKey = new RSAKeyGenerator(2048).keyID("civicid-nhs-2026").keyUse(KeyUse.SIGNATURE).generate();
        Path keyFile = Files.writeString(keys.resolve("nhs-login.jwk"), clientKey.toJSONString());
        upstream = FakeUpstream.start("civicid-nhs", "unused", FakeUpstream.KeyType.RS512);
        upstream.trustClientKey(clientKey);
        nhs = NhsLoginStandIn.on(upstream);
        Map<String, Object> apps = new HashMap<>(TestApp.registration(0, "booking"));
        apps.putAll(Map.of("civicid.clients[0].scopes[0]", "openid", "civicid.clients[0].scopes[1]", "email",
                "civicid.clients[0].scopes[2]", "profile"));
        apps.putAll(TestApp.registration(1, "records"));
        apps.putAll(Map.of("civicid.clients[1].scopes[0]", "openid", "civicid.clients[1].scopes[1]", "nhs_number",
                "civicid.clients[1].scopes[2]", "gp_registration_details"));
        apps.putAll(TestApp.registration(2, "housing"));
        apps.putAll(Map.of("civicid.clients[2].scopes[0]", "openid", "civicid.clients[2].scopes[1]", "identity"));
        broker = TestBroker.start(TestUpstream.properties(apps,
                nhsLogin("nhs", keyFile).list("vtr", "P5.Cp.Cd", "P5.Cm").set("identity.vtr[0]", "P9.Cp.Cd"),
                nhsLogin("nhs-any", keyFile).list("vtr", "P0.Cp.Cd")));
        booking = new TestApp(broker, "booking", null, "openid email profile");
        records = new TestApp(broker, "records", null, "openid nhs_number gp_registration_details");
        housing = new TestApp(broker, "housing", null, "openid identity");
    }

    private static TestUpstream nhsLogin(String id, Path keyFile) {
        return TestUpstream.of(upstream, id).named("NHS login").set("profile", "nhs-login").without("client-secret")
                .set("private-key-file", keyFile).list("scopes", "openid", "profile", "profile_extended", "email", "phone", "gp_registration_details");
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
    }

    @AfterEach
    void behave() {
        upstream.behave();
        nhs.behave();
    }

    static Persona newPerson() {
        return Persona.of(UUID.randomUUID().toString(), "patient-" + UUID.randomUUID() + "@example.org", "Sam Patient");
    }

    @Test
    void aSignIn_asksForTheConfiguredVectors_withAnRs512ClientAssertion_andTheAppGetsTheLevelOfItsCredentials() throws ParseException {
        Persona person = newPerson();
        upstream.signInAs(person);
        nhs.accountAt("P5");

        TestBroker.Json tokens = booking.tokens(new Browser(), "nhs");

        assertThat(upstream.lastAuthorizationRequest()).containsEntry("vtr", "[\"P5.Cp.Cd\",\"P5.Cm\"]")
                .containsEntry("scope", "openid profile profile_extended email phone gp_registration_details");
        assertThat(SignedJWT.parse(upstream.lastClientAssertion()).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS512);
        JWTClaimsSet idToken = tokens.idToken();
        assertThat(idToken.getClaim("acr")).isEqualTo("http://eidas.europa.eu/LoA/substantial");
        assertThat(idToken.getClaim("amr")).asList().containsExactly("fed", "pwd", "mfa");
        assertThat(idToken.getClaim("nhs_number")).as("booking has no nhs_number scope").isNull();
        TestBroker.Json userinfo = broker.getWithBearer("/userinfo", tokens.string("access_token"));
        assertThat(userinfo.body()).containsEntry("email", person.email()).doesNotContainKey("nhs_number");
    }

    @Test
    void anAppAllowedTheNhsNumber_getsIt_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited() {
        upstream.signInAs(newPerson());
        nhs.accountAt("P5");

        TestBroker.Json tokens = records.tokens(new Browser(), "nhs");

        assertThat(tokens.idToken().getClaim("nhs_number")).isEqualTo(NhsLoginStandIn.NHS_NUMBER);
        assertThat(broker.getWithBearer("/userinfo", tokens.string("access_token")).body())
                .containsEntry("nhs_number", NhsLoginStandIn.NHS_NUMBER);
        List<AuditEvent> released = broker.bean(AuditLog.class).recent(50).stream()
                .filter(e -> e.type() == AuditEventType.NHS_NUMBER_RELEASED).limit(2).toList();
        assertThat(released).extracting(e -> e.details().get("in")).containsExactlyInAnyOrder("id_token", "userinfo");
        assertThat(released).allSatisfy(e -> {
            assertThat(e.clientId()).isEqualTo("records");
            assertThat(e.upstreamId()).isEqualTo("nhs");
        });
    }

    /** The GP practice (gp_registration_details, "Scopes and claims") reaches only an app granted its scope, in NHS login's shape. */
    @Test
    void anAppAllowedTheGpPractice_getsIt_andAnAppWithoutTheScopeDoesNot() {
        upstream.signInAs(newPerson());
        Browser browser = new Browser();

        TestBroker.Json tokens = records.tokens(browser, "nhs");
        TestBroker.Json other = booking.tokens(browser, "nhs");

        Map<String, Object> gp = Map.of("gp_ods_code", NhsLoginStandIn.GP_ODS_CODE);
        assertThat(tokens.idToken().getClaim("gp_registration_details")).isEqualTo(gp);
        assertThat(broker.getWithBearer("/userinfo", tokens.string("access_token")).body()).containsEntry("gp_registration_details", gp);
        assertThat(broker.bean(AuditLog.class).recent(50)).filteredOn(e -> e.type() == AuditEventType.GP_REGISTRATION_RELEASED)
                .isNotEmpty().allSatisfy(e -> assertThat(e.clientId()).isEqualTo("records"));
        assertThat(other.idToken().getClaim("gp_registration_details")).isNull();
        assertThat(broker.getWithBearer("/userinfo", other.string("access_token")).body())
                .doesNotContainKeys("gp_registration_details", "nhs_number");
    }

    /** Signed in at P5, then opening an app that needs a verified identity: sent back to NHS login for P9, as step-up. */
    @Test
    void aPersonSignedInAtP5_isSentBackForP9_byAnIdentityApp_andGetsTheSameVerifiedClaimsShapeAsOneLogins() {
        upstream.signInAs(newPerson());
        nhs.accountAt("P5");
        Browser browser = new Browser();
        assertThat(booking.tokens(browser, "nhs").idToken().getClaim("verified_claims")).isNull();

        TestBroker.Json tokens = housing.tokens(browser, "nhs");

        assertThat(upstream.lastAuthorizationRequest()).containsEntry("vtr", "[\"P9.Cp.Cd\"]");
        Map<String, Object> expected = Map.of(
                "verification", Map.of("trust_framework", "uk_dcb3051", "assurance_level", "high"),
                "claims", Map.of("given_name", "Sam", "family_name", "Patient", "birthdate", "1968-02-12"));
        assertThat(tokens.idToken().getClaim("verified_claims")).isEqualTo(expected);
        assertThat(broker.getWithBearer("/userinfo", tokens.string("access_token")).body()).containsEntry("verified_claims", expected);
        AuditEvent released = broker.bean(AuditLog.class).recent(50).stream()
                .filter(e -> e.type() == AuditEventType.IDENTITY_RELEASED).findFirst().orElseThrow();
        assertThat(released.upstreamId()).isEqualTo("nhs");
        assertThat(released.details()).containsEntry("claims", "given_name family_name birthdate");
    }

    /** Why each wrong answer from NHS login is refused, as the broker logs it, and which app and login it is tried with. */
    static final Map<NhsLoginStandIn.Misbehaviour, String> REFUSALS = Map.of(
            NhsLoginStandIn.Misbehaviour.PROOFING_LEVEL_MISMATCH, "identity_proofing_level is not the level of the vot",
            NhsLoginStandIn.Misbehaviour.INVALID_NHS_NUMBER, "nhs_number is not a valid NHS number",
            NhsLoginStandIn.Misbehaviour.NHS_NUMBER_AT_P0, "nhs_number given for a P0 sign-in, whose identity is not proofed",
            NhsLoginStandIn.Misbehaviour.NO_BIRTHDATE, "a P9 identity without given_name, family_name and birthdate (YYYY-MM-DD)",
            NhsLoginStandIn.Misbehaviour.INVALID_ODS_CODE, "gp_registration_details has no valid gp_ods_code");

    @ParameterizedTest
    @EnumSource(NhsLoginStandIn.Misbehaviour.class)
    @ExtendWith(OutputCaptureExtension.class)
    void aWrongAnswer_isRefused_forItsOwnReason(NhsLoginStandIn.Misbehaviour wrong, CapturedOutput log) {
        upstream.signInAs(newPerson());
        nhs.misbehave(wrong);
        Browser.Page end = switch (wrong) {
            case NO_BIRTHDATE -> housing.attemptSignIn(new Browser(), "nhs");
            case NHS_NUMBER_AT_P0 -> {
                nhs.accountAt("P0");
                yield booking.attemptSignIn(new Browser(), "nhs-any");
            }
            default -> booking.attemptSignIn(new Browser(), "nhs");
        };

        assertRefused(end, log, REFUSALS.get(wrong));
    }

    /** A vot below every vector asked for is refused: the app needs more than was proved. */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aLowerVotThanAsked_isRefused(CapturedOutput log) {
        upstream.signInAs(newPerson());
        nhs.accountAt("P0");
        nhs.answerVot("P0.Cp.Cd");

        assertRefused(booking.attemptSignIn(new Browser(), "nhs"), log, "ID token vot is not one of the vectors asked for (vtr)");
    }

    /** The right level, but not the credentials asked for (a password alone for two factors), is refused too. */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aVotWithWeakerCredentials_isRefused(CapturedOutput log) {
        upstream.signInAs(newPerson());
        nhs.answerVot("P9.Cp");

        assertRefused(booking.attemptSignIn(new Browser(), "nhs"), log, "ID token vot is not one of the vectors asked for (vtr)");
    }

    private static void assertRefused(Browser.Page end, CapturedOutput log, String reason) {
        SignInRefusals.assertInvalidResponse(broker, end, log, reason);
    }
}
