package uk.civicid.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.audit.AuditLog;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.FakeUpstream.LogoutToken;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * An upstream signs a person out (OpenID Connect Back-Channel Logout 1.0, the broker as its relying party), through
 * real HTTP: the broker sessions that came from that upstream session end, their tokens stop working, and their apps
 * get back-channel logout in turn. Every bad or replayed logout token is refused with 400 and an OAuth error, ends
 * nothing, and is audited.
 */
class UpstreamLogoutTest {

    static FakeUpstream upstream;
    static WireMockServer appServer;
    static TestBroker broker;
    static TestApp tax;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        appServer = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        appServer.start();
        appServer.stubFor(post("/back-channel").willReturn(aResponse().withStatus(200)));
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(Map.of(
                "civicid.clients[0].client-id", "tax",
                "civicid.clients[0].name.en", "Council Tax",
                "civicid.clients[0].client-secret-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("tax-secret"),
                "civicid.clients[0].redirect-uris[0]", TestApp.REDIRECT_URI,
                "civicid.clients[0].backchannel-logout-uri", "http://127.0.0.1:" + appServer.port() + "/back-channel"),
                TestUpstream.of(upstream, "council").named("Council staff")));
        broker = TestBroker.start(properties);
        tax = new TestApp(broker, "tax", "tax-secret");
    }

    @AfterAll
    static void stop() {
        broker.close();
        appServer.stop();
        upstream.close();
    }

    /** Who signed in, the upstream session it made, and the app's tokens. */
    record SignedIn(Browser browser, String subject, String sid, String accessToken, String refreshToken) {}

    static SignedIn signIn(String subject) {
        upstream.signInAs(FakeUpstream.Persona.of(subject, subject + "@example.org", "Test Person"));
        Browser browser = new Browser();
        TestBroker.Json tokens = tax.tokens(browser, "council");
        return new SignedIn(browser, subject, upstream.lastSid(), tokens.string("access_token"), tokens.string("refresh_token"));
    }

    @Test
    void logoutBySid_endsTheSession_revokesItsTokens_andTellsItsApps() throws Exception {
        SignedIn person = signIn("person-" + UUID.randomUUID());
        int notified = appLogouts();

        TestBroker.Json answer = postLogout(upstream.signed(upstream.logoutToken(null, person.sid())));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Cache-Control")).contains("no-store");
        assertThat(refresh(person).string("error")).isEqualTo("invalid_grant");
        assertThat(introspect(person.accessToken()).body()).containsEntry("active", false);
        assertThat(eventually(() -> appLogouts() > notified)).as("the app got its back-channel logout").isTrue();
        assertThat(signedInAgain(person.browser())).as("the browser is signed out").isFalse();
        assertThat(lastAudit(AuditEventType.UPSTREAM_LOGOUT).details()).containsEntry("sessions", "1");
    }

    @Test
    void logoutBySubject_endsEverySessionOfThatPersonFromThisUpstream_andNoOneElses() throws Exception {
        String subject = "person-" + UUID.randomUUID();
        SignedIn first = signIn(subject);
        SignedIn second = signIn(subject);
        SignedIn someoneElse = signIn("other-" + UUID.randomUUID());

        assertThat(postLogout(upstream.signed(upstream.logoutToken(subject, null))).status()).isEqualTo(200);

        assertThat(refresh(first).string("error")).isEqualTo("invalid_grant");
        assertThat(refresh(second).string("error")).isEqualTo("invalid_grant");
        assertThat(lastAudit(AuditEventType.UPSTREAM_LOGOUT).details()).containsEntry("sessions", "2");
        assertThat(refresh(someoneElse).string("access_token")).as("another person's session lives on").isNotNull();
    }

    /** §2.6: sid and sub together must both match; a sid of another person's session ends nothing. */
    @Test
    void logoutWithSidAndAnotherSub_endsNothing() throws Exception {
        SignedIn person = signIn("person-" + UUID.randomUUID());

        assertThat(postLogout(upstream.signed(upstream.logoutToken("someone-else", person.sid()))).status()).isEqualTo(200);

        assertThat(lastAudit(AuditEventType.UPSTREAM_LOGOUT).details()).containsEntry("sessions", "0");
        assertThat(refresh(person).string("access_token")).isNotNull();
    }

    /** §2.8: a token for a session the broker does not have is not an error; nothing is ended. */
    @Test
    void logoutForAnUnknownSession_answers200_andEndsNothing() throws Exception {
        SignedIn person = signIn("person-" + UUID.randomUUID());

        assertThat(postLogout(upstream.signed(upstream.logoutToken(null, "sid-never-seen"))).status()).isEqualTo(200);

        assertThat(lastAudit(AuditEventType.UPSTREAM_LOGOUT).details()).containsEntry("sessions", "0");
        assertThat(refresh(person).string("access_token")).isNotNull();
    }

    /** Each rule of §2.6 broken once: 400 invalid_request naming the rule, audited, and the person's session lives on. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badLogoutToken_isRefused_andEndsNothing(String name, UnaryOperator<LogoutToken> spoil, String refusal) throws Exception {
        SignedIn person = signIn("person-" + UUID.randomUUID());

        TestBroker.Json answer = postLogout(upstream.signed(spoil.apply(upstream.logoutToken(person.subject(), person.sid()))));

        assertRefused(answer, refusal);
        assertThat(refresh(person).string("access_token")).as("the session was not ended").isNotNull();
    }

    static Stream<Arguments> badTokens() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("forged signature", (UnaryOperator<LogoutToken>) LogoutToken::forged, "Invalid signature"),
                Arguments.of("another issuer", (UnaryOperator<LogoutToken>) t -> t.withIssuer(FakeUpstream.OTHER_ISSUER), "iss"),
                Arguments.of("another audience", (UnaryOperator<LogoutToken>) t -> t.withAudience(FakeUpstream.OTHER_CLIENT), "aud"),
                Arguments.of("issued in the future", (UnaryOperator<LogoutToken>) t -> t.issuedAt(now.plus(Duration.ofHours(1)))
                        .expiresAt(now.plus(Duration.ofHours(2))), "issued in the future"),
                Arguments.of("expired", (UnaryOperator<LogoutToken>) t -> t.issuedAt(now.minus(Duration.ofHours(1)))
                        .expiresAt(now.minus(Duration.ofMinutes(50))), "Expired JWT"),
                Arguments.of("old, without exp", (UnaryOperator<LogoutToken>) t -> t.issuedAt(now.minus(Duration.ofMinutes(10)))
                        .expiresAt(null), "too old"),
                Arguments.of("no back-channel logout event", (UnaryOperator<LogoutToken>) LogoutToken::withoutEvent, "events"),
                Arguments.of("with a nonce", (UnaryOperator<LogoutToken>) t -> t.withNonce("n-1"), "nonce"),
                Arguments.of("neither sub nor sid", (UnaryOperator<LogoutToken>) t -> t.withSubject(null).withSid(null), "neither sub nor sid"));
    }

    /** §2.6 step 7, shared by every node (the store): a logout token works once. */
    @Test
    void replayedLogoutToken_isRefused() throws Exception {
        SignedIn person = signIn("person-" + UUID.randomUUID());
        String token = upstream.signed(upstream.logoutToken(null, person.sid()));
        assertThat(postLogout(token).status()).isEqualTo(200);

        SignedIn again = signIn(person.subject());
        String replay = upstream.signed(new LogoutToken(person.subject(), null, upstream.issuer(), null, Instant.now(),
                Instant.now().plusSeconds(120), true, null, jtiOf(token), false));

        assertRefused(postLogout(replay), "already used");
        assertThat(refresh(again).string("access_token")).isNotNull();
    }

    /** Token confusion: an upstream ID token (it has a nonce and no events) is not a logout token. */
    @Test
    void anIdTokenPostedAsALogoutToken_isRefused() throws Exception {
        SignedIn person = signIn("person-" + UUID.randomUUID());
        String idToken = upstream.signed(upstream.logoutToken(person.subject(), person.sid()).withoutEvent().withNonce("nonce-of-a-sign-in"));

        assertRefused(postLogout(idToken), "nonce");
        assertThat(refresh(person).string("access_token")).isNotNull();
    }

    @Test
    void missingOrMalformedToken_isRefused_andAnUnknownUpstream_isNotFound() {
        assertRefused(broker.post("/signin/backchannel-logout/council", Map.of(), null, null), "logout_token is required");
        assertRefused(postLogout("not-a-jwt"), "logout token rejected");
        TestBroker.Json unknown = broker.post("/signin/backchannel-logout/nowhere", Map.of("logout_token", "x"), null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).containsEntry("error", "invalid_request");
        assertThat(unknown.string("error_description")).isEqualTo("no enabled upstream has this id");
        assertThat(unknown.header("Cache-Control")).contains("no-store");
        AuditEvent refused = lastAudit(AuditEventType.UPSTREAM_LOGOUT_REFUSED);
        assertThat(refused.details()).containsEntry("reason", "no enabled upstream has this id");
        assertThat(refused.upstreamId()).as("the caller's id is not recorded as an upstream").isNull();
    }

    private static void assertRefused(TestBroker.Json answer, String refusal) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).containsEntry("error", "invalid_request");
        assertThat(answer.string("error_description")).contains(refusal);
        assertThat(answer.header("Cache-Control")).contains("no-store");
        assertThat(lastAudit(AuditEventType.UPSTREAM_LOGOUT_REFUSED).details().get("reason")).contains(refusal);
    }

    private static TestBroker.Json postLogout(String logoutToken) {
        return broker.post("/signin/backchannel-logout/council", Map.of("logout_token", logoutToken), null, null);
    }

    private static TestBroker.Json refresh(SignedIn person) {
        return broker.post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", person.refreshToken()), "tax", "tax-secret");
    }

    private static TestBroker.Json introspect(String token) {
        return broker.post("/oauth2/introspect", Map.of("token", token), "tax", "tax-secret");
    }

    /** Whether the browser still has a broker session: an authorization request is then answered without the upstream. */
    private static boolean signedInAgain(Browser browser) {
        int before = upstream.tokenRequests();
        tax.attemptSignIn(browser, "council");
        return upstream.tokenRequests() == before;
    }

    private static AuditEvent lastAudit(AuditEventType type) {
        List<AuditEvent> recent = broker.bean(AuditLog.class).recent(50);
        return recent.stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }

    private static int appLogouts() {
        return appServer.countRequestsMatching(postRequestedFor(urlPathEqualTo("/back-channel")).build()).getCount();
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String jtiOf(String jwt) throws java.text.ParseException {
        return com.nimbusds.jwt.SignedJWT.parse(jwt).getJWTClaimsSet().getJWTID();
    }
}
