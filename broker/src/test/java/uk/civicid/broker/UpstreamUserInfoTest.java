package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.civicid.broker.testsupport.TestBroker.query;
import static uk.civicid.broker.testsupport.TestBroker.s256;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.FakeUpstream.Persona;
import uk.civicid.broker.testsupport.FakeUpstream.UserInfoMisbehaviour;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * The upstream's userinfo endpoint, through real HTTP (OIDC Core §5.3): an upstream that gives profile claims only at
 * userinfo, as GOV.UK One Login and NHS login do, still gives the app its person's name and email; each upstream's
 * {@code userinfo} setting decides when the broker asks; and every bad answer ends the sign-in with a page and an
 * audit event, never half a sign-in.
 */
class UpstreamUserInfoTest {

    static final String APP_REDIRECT = "http://127.0.0.1:9/callback";
    static FakeUpstream auto;
    static FakeUpstream always;
    static FakeUpstream never;
    static TestBroker broker;

    @BeforeAll
    static void start() {
        auto = FakeUpstream.start("civicid", "auto-secret", FakeUpstream.KeyType.ES256);
        always = FakeUpstream.start("civicid", "always-secret", FakeUpstream.KeyType.RS256);
        never = FakeUpstream.start("civicid", "never-secret", FakeUpstream.KeyType.RS256);
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(TestUpstream.of(auto, "auto"),
                TestUpstream.of(always, "always").set("userinfo", "always"), TestUpstream.of(never, "never").set("userinfo", "never")));
        properties.put("civicid.federation.http-timeout", "1s"); // so the hanging userinfo test waits one second, not five
        properties.put("civicid.clients[0].client-id", "mobile-app");
        properties.put("civicid.clients[0].name.en", "Mobile app");
        properties.put("civicid.clients[0].redirect-uris[0]", APP_REDIRECT);
        broker = TestBroker.start(properties);
    }

    @AfterAll
    static void stop() {
        broker.close();
        auto.close();
        always.close();
        never.close();
    }

    @AfterEach
    void behave() {
        for (FakeUpstream upstream : List.of(auto, always, never)) {
            upstream.behave();
            upstream.claimsOnlyAtUserInfo(false);
            upstream.userInfoSigned(false);
        }
    }

    @Test
    void claimsOnlyAtUserInfo_reachTheApp_whenSettingIsAuto() {
        auto.claimsOnlyAtUserInfo(true);
        Persona person = newPerson("Nia Jones");
        auto.signInAs(person);
        int before = auto.userInfoRequests();

        Map<String, Object> claims = appUserInfo(signIn("auto"));

        assertThat(auto.userInfoRequests()).isEqualTo(before + 1);
        assertThat(claims).containsEntry("name", "Nia Jones").containsEntry("email", person.email())
                .containsEntry("email_verified", true);
    }

    @Test
    void signedUserInfo_isVerified_andItsClaimsUsed() {
        auto.claimsOnlyAtUserInfo(true);
        auto.userInfoSigned(true);
        Persona person = newPerson("Rhys Evans");
        auto.signInAs(person);

        assertThat(appUserInfo(signIn("auto"))).containsEntry("name", "Rhys Evans").containsEntry("email", person.email());
    }

    @Test
    void auto_doesNotAsk_whenTheIdTokenHasEveryClaimRead() {
        auto.signInAs(newPerson("Ann Hughes"));
        int before = auto.userInfoRequests();

        assertThat(appUserInfo(signIn("auto"))).containsEntry("name", "Ann Hughes");
        assertThat(auto.userInfoRequests()).isEqualTo(before);
    }

    @Test
    void always_asks_evenWhenTheIdTokenHasTheClaims() {
        always.signInAs(newPerson("Bet Lewis"));
        int before = always.userInfoRequests();

        assertThat(appUserInfo(signIn("always"))).containsEntry("name", "Bet Lewis");
        assertThat(always.userInfoRequests()).isEqualTo(before + 1);
    }

    @Test
    void never_doesNotAsk_soClaimsOnlyAtUserInfoAreMissing() {
        never.claimsOnlyAtUserInfo(true);
        never.signInAs(newPerson("Cai Morgan"));
        int before = never.userInfoRequests();

        assertThat(appUserInfo(signIn("never"))).containsKey("sub").doesNotContainKeys("name", "email");
        assertThat(never.userInfoRequests()).isEqualTo(before);
    }

    /** OIDC Core §5.3.2: claims for another sub may be another person's (a substituted token): refused. */
    @Test
    void userInfoOfAnotherSubject_isRefused_andAudited() {
        assertRefused(UserInfoMisbehaviour.OTHER_SUBJECT, false, 400, "INVALID_RESPONSE");
    }

    @Test
    void signedUserInfoWithABadSignature_isRefused_andAudited() {
        assertRefused(UserInfoMisbehaviour.FORGED_SIGNATURE, true, 400, "INVALID_RESPONSE");
    }

    @Test
    void userInfoRefusingItsOwnAccessToken_isRefused_andAudited() {
        assertRefused(UserInfoMisbehaviour.REFUSES_TOKEN, false, 400, "INVALID_RESPONSE");
    }

    /** An upstream's answer is read up to 256 KiB, never without a bound: a megabyte of claims is refused. */
    @Test
    void aHugeUserInfo_isRefused_notReadWhole() {
        assertRefused(UserInfoMisbehaviour.HUGE, false, 400, "INVALID_RESPONSE");
    }

    @Test
    void userInfoAnswering500_givesTheUnavailablePage() {
        assertRefused(UserInfoMisbehaviour.SERVER_ERROR, false, 503, "UPSTREAM_UNAVAILABLE");
    }

    @Test
    void userInfoHanging_givesTheUnavailablePage_afterTheTimeout() {
        assertRefused(UserInfoMisbehaviour.HANGS, false, 503, "UPSTREAM_UNAVAILABLE");
    }

    /** The sign-in ends on the page for the reason, audited, and the browser is not signed in: no half a sign-in. */
    private void assertRefused(UserInfoMisbehaviour misbehaviour, boolean signed, int status, String reason) {
        auto.claimsOnlyAtUserInfo(true);
        auto.userInfoSigned(signed);
        auto.misbehaveAtUserInfo(misbehaviour);
        auto.signInAs(newPerson("Dai Price"));
        Browser browser = new Browser();

        Browser.Page end = signIn(browser, "auto");

        assertThat(end.status()).isEqualTo(status);
        assertThat(end.location()).isNull();
        assertThat(end.body()).contains(status == 503 ? "Try again in a few minutes" : "We could not confirm who signed in");
        AuditEvent failed = broker.bean(AuditLog.class).recent(20).stream()
                .filter(e -> e.type() == AuditEventType.SIGN_IN_FAILED && "auto".equals(e.upstreamId())).findFirst().orElseThrow();
        assertThat(failed.details()).containsEntry("reason", reason);
        // Not signed in: the next authorization request goes to the upstream again.
        auto.behave();
        Browser.Page next = browser.get(authorize(UUID.randomUUID().toString(), "auto"));
        assertThat(next.status()).isEqualTo(302);
        assertThat(next.next().getPath()).startsWith("/signin");
    }

    private static Persona newPerson(String name) {
        String subject = "person-" + UUID.randomUUID();
        return Persona.of(subject, subject + "@example.org", name);
    }

    private static Browser.Page signIn(String upstreamId) {
        return signIn(new Browser(), upstreamId);
    }

    private static final ThreadLocal<String> VERIFIER = new ThreadLocal<>();

    private static Browser.Page signIn(Browser browser, String upstreamId) {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        VERIFIER.set(verifier);
        return browser.follow(browser.get(authorize(verifier, upstreamId)), uri -> uri.toString().startsWith(APP_REDIRECT));
    }

    /** What the app learns at the broker's userinfo endpoint after the sign-in that ended on {@code atApp}. */
    private static Map<String, Object> appUserInfo(Browser.Page atApp) {
        assertThat(atApp.next()).as("signed in and back at the app").isNotNull();
        String code = query(atApp.next()).get("code");
        Map<String, Object> tokens = broker.post("/oauth2/token", Map.of("grant_type", "authorization_code", "client_id", "mobile-app",
                "code", code, "redirect_uri", APP_REDIRECT, "code_verifier", VERIFIER.get()), "mobile-app", null).body();
        TestBroker.Json userinfo = broker.getWithBearer("/userinfo", (String) tokens.get("access_token"));
        assertThat(userinfo.status()).isEqualTo(200);
        return userinfo.body();
    }

    private static URI authorize(String verifier, String upstreamId) {
        return UriComponentsBuilder.fromUri(broker.uri("/oauth2/authorize"))
                .queryParam("response_type", "code").queryParam("client_id", "mobile-app")
                .queryParam("redirect_uri", APP_REDIRECT).queryParam("scope", "openid profile email")
                .queryParam("state", "st").queryParam("nonce", "n").queryParam("idp_hint", upstreamId)
                .queryParam("code_challenge", s256(verifier)).queryParam("code_challenge_method", "S256")
                .encode().build().toUri();
    }
}
