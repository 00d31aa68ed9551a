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
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.account.LinkedIdentity;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.EntraIdStandIn;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.FakeUpstream.Persona;
import uk.civicid.broker.testsupport.SignInRefusals;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * {@code profile: entra-id}, against a stand-in that behaves as Microsoft documents its identity platform
 * ({@link EntraIdStandIn}): "ID token claims reference"
 * (https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference: {@code tid}, {@code oid} per tenant,
 * {@code sub} pairwise per app, {@code email} unverified and mutable, {@code roles}, {@code groups} and the groups overage
 * claim), "OpenID Connect on the Microsoft identity platform"
 * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc: the metadata of each authority, nonce),
 * "Access tokens: validate the issuer" (https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer:
 * the {@code {tenantid}} template of the multi-tenant endpoints, filled with {@code tid}), "Secure applications and APIs
 * by validating claims" (https://learn.microsoft.com/en-us/entra/identity-platform/claims-validation: {@code tid} and
 * {@code oid} as the key, never email) and "Add app roles to your application"
 * (https://learn.microsoft.com/en-us/entra/identity-platform/howto-add-app-roles-in-apps). One upstream is a council's
 * own tenant; the other admits the council and one partner organisation through {@code organizations}.
 */
class EntraIdTest {

    static final String CASES_GROUP = "5f0e6a52-9c3b-4c61-8a0e-2f6d3c1b7e90";

    static FakeUpstream upstream;
    static EntraIdStandIn entra;
    static FakeUpstream citizens;
    static TestBroker broker;
    static TestApp casework;
    static TestApp library;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("3f9d2c51-civicid", "entra-secret", FakeUpstream.KeyType.RS256);
        entra = EntraIdStandIn.on(upstream);
        citizens = FakeUpstream.start("civicid-citizens", "citizens-secret", FakeUpstream.KeyType.RS256);
        Map<String, Object> apps = new HashMap<>(TestApp.registration(0, "casework"));
        apps.putAll(Map.of("civicid.clients[0].scopes[0]", "openid", "civicid.clients[0].scopes[1]", "profile",
                "civicid.clients[0].scopes[2]", "roles"));
        apps.putAll(TestApp.registration(1, "library"));
        apps.putAll(Map.of("civicid.clients[1].scopes[0]", "openid", "civicid.clients[1].scopes[1]", "profile",
                "civicid.clients[1].scopes[2]", "email"));
        broker = TestBroker.start(TestUpstream.properties(apps,
                TestUpstream.of(upstream, "council").named("Council staff").set("issuer", entra.issuer(EntraIdStandIn.CONTOSO))
                        .set("profile", "entra-id").set("roles.[Cases.Read]", "caseworker").set("roles.[Cases.Approve]", "approver")
                        .set("roles.[" + CASES_GROUP + "]", "case-manager"),
                TestUpstream.of(upstream, "partners").named("Partner staff").set("issuer", entra.issuer("organizations"))
                        .set("profile", "entra-id").list("allowed-tenants", EntraIdStandIn.CONTOSO, EntraIdStandIn.FABRIKAM),
                TestUpstream.of(citizens, "citizens")));
        casework = new TestApp(broker, "casework", null, "openid profile roles");
        library = new TestApp(broker, "library", null, "openid profile email");
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
        citizens.close();
    }

    @AfterEach
    void behave() {
        upstream.behave();
        entra.behave();
    }

    static Persona newPerson() {
        return Persona.of(UUID.randomUUID().toString(), "staff-" + UUID.randomUUID() + "@council.example", "Sam Officer");
    }

    /** The account the broker keeps for this Entra person: linked by the issuer of their tenant and {tid}/{oid}. */
    static Account accountOf(String tenant, Persona person) {
        return broker.bean(AccountRepository.class)
                .findByIdentity(new LinkedIdentity.IdentityKey(entra.issuer(tenant), tenant + "/" + person.subject())).orElseThrow();
    }

    @Test
    void aSignInAtTheCouncilsTenant_linksTidAndOid_neverSubOrEmail() {
        Persona person = newPerson();
        upstream.signInAs(person);

        JWTClaimsSet idToken = library.signIn(new Browser(), "council");

        assertThat(upstream.lastAuthorizationRequest()).containsEntry("scope", "openid profile email");
        Account account = accountOf(EntraIdStandIn.CONTOSO, person);
        assertThat(account.email()).isEqualTo(person.email());
        assertThat(account.emailVerified()).as("Entra's email is never verified").isFalse();
        assertThat(idToken.getSubject()).isNotEqualTo(person.subject());
        assertThat(idToken.getClaim("roles")).as("library has no roles scope").isNull();
        assertThat(upstream.userInfoRequests()).as("userinfo: never, Entra's claims are in the ID token").isZero();
    }

    /** oid is per tenant ("ID token claims reference"): the same value in two tenants is two people. */
    @Test
    void theSameOid_fromTwoAllowedTenants_isTwoAccounts() {
        Persona person = newPerson();
        upstream.signInAs(person);

        entra.signInAt(EntraIdStandIn.CONTOSO);
        String atContoso = library.signIn(new Browser(), "partners").getSubject();
        entra.signInAt(EntraIdStandIn.FABRIKAM);
        String atFabrikam = library.signIn(new Browser(), "partners").getSubject();

        assertThat(atContoso).isNotEqualTo(atFabrikam);
        assertThat(accountOf(EntraIdStandIn.CONTOSO, person).id()).isNotEqualTo(accountOf(EntraIdStandIn.FABRIKAM, person).id());
    }

    /** sub is pairwise per app registration: registering the broker again at Entra must not lose anyone. */
    @Test
    void thePersonSigningInAgain_withAnotherSub_butTheSameTidAndOid_isTheSameAccount() {
        upstream.signInAs(newPerson());
        String before = library.signIn(new Browser(), "council").getSubject();

        entra.newAppRegistration();
        String after = library.signIn(new Browser(), "council").getSubject();

        assertThat(after).isEqualTo(before);
    }

    /**
     * nOAuth: anyone who runs a tenant can give an account any email address, and Entra never says it is verified. A
     * person with that address elsewhere (even verified) is not reached by an Entra sign-in with it: a new account.
     */
    @Test
    void anEntraSignIn_withTheEmailOfAnotherAccount_isNotLinkedToIt_nOAuth() {
        String email = "victim-" + UUID.randomUUID() + "@council.example";
        citizens.signInAs(Persona.of("victim-" + UUID.randomUUID(), email, "Vic Tim"));
        String victim = library.signIn(new Browser(), "citizens").getSubject();
        upstream.signInAs(newPerson());
        String colleague = library.signIn(new Browser(), "council").getSubject();

        Persona attacker = Persona.of(UUID.randomUUID().toString(), email, "Vic Tim");
        upstream.signInAs(attacker);
        entra.signInAt(EntraIdStandIn.FABRIKAM);
        TestBroker.Json tokens = library.tokens(new Browser(), "partners");

        assertThat(tokens.idToken().getSubject()).isNotIn(victim, colleague);
        assertThat(broker.getWithBearer("/userinfo", tokens.string("access_token")).body())
                .containsEntry("email", email).containsEntry("email_verified", false);
        assertThat(broker.bean(AccountRepository.class).findByVerifiedEmail(email)).extracting(Account::id)
                .doesNotContain(accountOf(EntraIdStandIn.FABRIKAM, attacker).id());
    }

    /** App roles and groups named in the upstream's roles map become broker roles; others are dropped. */
    @Test
    void appRolesAndGroups_areReleasedAsBrokerRoles_onlyToAnAppWithTheRolesScope_andEachReleaseIsAudited() {
        upstream.signInAs(newPerson());
        entra.appRoles("Cases.Read", "Tenant.Admin");
        entra.groups(CASES_GROUP, UUID.randomUUID().toString());
        Browser browser = new Browser();

        TestBroker.Json tokens = casework.tokens(browser, "council");

        assertThat(tokens.idToken().getClaim("roles")).asList().containsExactly("case-manager", "caseworker");
        assertThat(broker.getWithBearer("/userinfo", tokens.string("access_token")).body())
                .containsEntry("roles", List.of("case-manager", "caseworker"));
        List<AuditEvent> released = broker.bean(AuditLog.class).recent(50).stream()
                .filter(e -> e.type() == AuditEventType.ROLES_RELEASED).limit(2).toList();
        assertThat(released).extracting(e -> e.details().get("in")).containsExactlyInAnyOrder("id_token", "userinfo");
        assertThat(released).allSatisfy(e -> {
            assertThat(e.clientId()).isEqualTo("casework");
            assertThat(e.upstreamId()).isEqualTo("council");
            assertThat(e.details()).containsEntry("roles", "case-manager caseworker");
        });
        TestBroker.Json other = library.tokens(browser, "council");
        assertThat(other.idToken().getClaim("roles")).isNull();
        assertThat(broker.getWithBearer("/userinfo", other.string("access_token")).body()).doesNotContainKey("roles");
    }

    /** Bad input is dropped, never a 500: only strings in roles can name an app role. */
    @Test
    void aRolesClaimHoldingOtherThanStrings_givesTheRolesOfItsStrings() {
        upstream.signInAs(newPerson());
        entra.appRoles("Cases.Read");
        entra.misbehave(EntraIdStandIn.Misbehaviour.ROLES_NOT_ALL_STRINGS);

        assertThat(casework.signIn(new Browser(), "council").getClaim("roles")).asList().containsExactly("caseworker");
    }

    /** Roles are the sign-in's, not the account's: a role removed at Entra is gone at the next sign-in. */
    @Test
    void aRoleRemovedAtEntra_isGoneAtTheNextSignIn() {
        upstream.signInAs(newPerson());
        entra.appRoles("Cases.Approve");
        assertThat(casework.signIn(new Browser(), "council").getClaim("roles")).asList().containsExactly("approver");

        entra.appRoles();

        assertThat(casework.signIn(new Browser(), "council").getClaim("roles")).asList().isEmpty();
    }

    /** Over 200 groups, Entra leaves groups out and points at Graph: the person signs in with their app roles, audited. */
    @Test
    void aGroupOverage_signsInWithTheAppRolesAlone_andIsAudited() {
        upstream.signInAs(newPerson());
        entra.appRoles("Cases.Read");
        entra.groupOverage();

        JWTClaimsSet idToken = casework.signIn(new Browser(), "council");

        assertThat(idToken.getClaim("roles")).asList().containsExactly("caseworker");
        AuditEvent overage = broker.bean(AuditLog.class).recent(20).stream()
                .filter(e -> e.type() == AuditEventType.GROUPS_OVERAGE).findFirst().orElseThrow();
        assertThat(overage.upstreamId()).isEqualTo("council");
    }

    @Test
    void aTenantNotAllowed_getsAPageSayingSo_inEnglishAndWelsh_andIsAudited() {
        upstream.signInAs(newPerson());
        entra.signInAt(EntraIdStandIn.NORTHWIND);

        Browser.Page end = library.attemptSignIn(new Browser(), "partners");

        assertThat(end.status()).isEqualTo(403);
        assertThat(end.location()).isNull();
        assertThat(end.body()).contains("Your organisation&#39;s accounts cannot sign in here")
                .contains("ask the council to add your organisation");
        AuditEvent failed = broker.bean(AuditLog.class).recent(20).stream()
                .filter(e -> e.type() == AuditEventType.SIGN_IN_FAILED).findFirst().orElseThrow();
        assertThat(failed.details()).containsEntry("reason", "TENANT_NOT_ALLOWED");
        assertThat(failed.upstreamId()).isEqualTo("partners");

        Browser welsh = new Browser();
        welsh.get(broker.uri("/signed-out?lang=cy"));
        assertThat(library.attemptSignIn(welsh, "partners").body()).contains("Ni all cyfrifon eich sefydliad fewngofnodi yma");
    }

    /** Personal Microsoft accounts have their own tenant: admitted by common only when it is listed, and it is not here. */
    @Test
    void aPersonalMicrosoftAccount_isATenantNotAllowed() {
        upstream.signInAs(newPerson());
        entra.signInAt(EntraIdStandIn.CONSUMERS);

        assertThat(library.attemptSignIn(new Browser(), "partners").status()).isEqualTo(403);
    }

    /** At a tenant's own issuer, iss is exact: a token of another allowed tenant's issuer is refused there too. */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anotherTenantsSignIn_atTheCouncilsOwnIssuer_isRefused(CapturedOutput log) {
        upstream.signInAs(newPerson());
        entra.signInAt(EntraIdStandIn.FABRIKAM);

        assertRefused(library.attemptSignIn(new Browser(), "council"), log, "ID token rejected: JWT iss claim value rejected");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anIssThatIsNotTheIssuerOfItsTid_isRefused(CapturedOutput log) {
        upstream.signInAs(newPerson());
        entra.misbehave(EntraIdStandIn.Misbehaviour.ISS_OF_ANOTHER_TENANT);

        assertRefused(library.attemptSignIn(new Browser(), "partners"), log, "ID token iss is not the issuer of its tenant (tid)");
    }

    /** RFC 9207 at a templated issuer: a callback's iss, when sent, must be the issuer of the tenant the ID token names. */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aCallbackIss_atAMultiTenantIssuer_mustBeTheIssuerOfTheIdTokensTenant(CapturedOutput log) {
        upstream.signInAs(newPerson());
        entra.sendIssOnCallback("");
        assertThat(library.attemptSignIn(new Browser(), "partners").location()).startsWith(TestApp.REDIRECT_URI);

        entra.sendIssOnCallback(EntraIdStandIn.FABRIKAM);

        assertRefused(library.attemptSignIn(new Browser(), "partners"), log, "callback iss parameter missing or wrong (RFC 9207)");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anIdTokenWithoutTid_isRefused_atAMultiTenantIssuer(CapturedOutput log) {
        upstream.signInAs(newPerson());
        entra.misbehave(EntraIdStandIn.Misbehaviour.NO_TID);

        assertRefused(library.attemptSignIn(new Browser(), "partners"), log, "ID token tid missing or not a tenant ID");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anIdTokenWithoutTid_isRefused_atATenantsIssuer(CapturedOutput log) {
        upstream.signInAs(newPerson());
        entra.misbehave(EntraIdStandIn.Misbehaviour.NO_TID);

        assertRefused(library.attemptSignIn(new Browser(), "council"), log, "ID token has no tid");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anIdTokenWithoutOid_isRefused(CapturedOutput log) {
        upstream.signInAs(newPerson());
        entra.misbehave(EntraIdStandIn.Misbehaviour.NO_OID);

        assertRefused(library.attemptSignIn(new Browser(), "council"), log, "ID token has no oid");
    }

    /** Entra has no back-channel logout: a logout token in its name, even one its keys signed for an allowed tenant, ends nothing. */
    @Test
    void aLogoutToken_forAMultiTenantEntraUpstream_isRefused() throws Exception {
        Persona person = newPerson();
        upstream.signInAs(person);
        library.signIn(new Browser(), "partners");
        String token = upstream.signed(upstream.logoutToken(person.subject(), upstream.lastSid())
                .withIssuer(entra.issuer(EntraIdStandIn.CONTOSO)));

        TestBroker.Json answer = broker.post("/signin/backchannel-logout/partners", Map.of("logout_token", token), null, null);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.string("error")).isEqualTo("invalid_request");
    }

    private static void assertRefused(Browser.Page end, CapturedOutput log, String reason) {
        SignInRefusals.assertInvalidResponse(broker, end, log, reason);
    }
}
