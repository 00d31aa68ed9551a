package uk.civicid.broker.store;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.civicid.broker.testsupport.TestBroker.query;
import static uk.civicid.broker.testsupport.TestBroker.s256;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.client.Apps;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.broker.testsupport.TestRedis;

/**
 * Two broker nodes sharing one Redis behind one issuer, with each step of a person's visit landing on whichever
 * node the load balancer picks: nothing lives on a node.
 */
class ScaleOutTest {

    static final String APP_REDIRECT = "http://127.0.0.1:9/callback";
    static TestRedis redis;
    static FakeUpstream upstream;
    static WireMockServer app;
    static TestBroker nodeA;
    static TestBroker nodeB;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.ES256);
        app = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        app.start();
        app.stubFor(post(urlPathEqualTo("/backchannel-logout")).willReturn(aResponse().withStatus(200)));
        int portA = TestBroker.freePort();
        Map<String, Object> properties = new HashMap<>(redis.brokerProperties());
        properties.putAll(TestUpstream.properties(Map.of("civicid.issuer", "http://127.0.0.1:" + portA),
                TestUpstream.of(upstream, "council").named("Council staff")));
        properties.putAll(Map.of(
                "civicid.clients[0].client-id", "tax",
                "civicid.clients[0].name.en", "Council Tax",
                "civicid.clients[0].client-secret-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("tax-secret"),
                "civicid.clients[0].redirect-uris[0]", APP_REDIRECT,
                "civicid.clients[0].backchannel-logout-uri", app.baseUrl() + "/backchannel-logout"));
        nodeA = TestBroker.start(portA, properties);
        nodeB = TestBroker.start(properties);
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
        app.stop();
        upstream.close();
        redis.close();
    }

    /** Registered apps live in the store: a change made on one node is in effect on the other's next request. */
    @Test
    void anAppRegisteredDisabledOrRotatedOnOneNode_isSoOnTheOther() {
        Apps apps = nodeA.bean(Apps.class);
        Apps.Issued issued = apps.create(Map.of("client_name", "Reports", "grant_types", List.of("client_credentials")), "admin", true);
        String clientId = issued.app().clientId();
        Map<String, String> clientCredentials = Map.of("grant_type", "client_credentials");
        assertThat(nodeB.post("/oauth2/token", clientCredentials, clientId, issued.clientSecret()).status()).isEqualTo(200);

        String rotated = apps.rotateSecret(clientId, "admin").clientSecret();
        assertThat(nodeB.post("/oauth2/token", clientCredentials, clientId, issued.clientSecret()).string("error")).isEqualTo("invalid_client");
        assertThat(nodeB.post("/oauth2/token", clientCredentials, clientId, rotated).status()).isEqualTo(200);

        apps.setEnabled(clientId, false, "admin");
        assertThat(nodeB.post("/oauth2/token", clientCredentials, clientId, rotated).string("error")).isEqualTo("invalid_client");
    }

    @Test
    void aVisitSpreadOverTwoNodes_worksAsOnOne() throws Exception {
        assertThat(new Browser().get(nodeB.uri("/oauth2/jwks")).body()).isEqualTo(new Browser().get(nodeA.uri("/oauth2/jwks")).body());

        // Authorization request at A; the upstream's callback lands on B.
        Browser browser = new Browser();
        String verifier = "v-" + UUID.randomUUID() + UUID.randomUUID();
        Browser.Page toCallback = browser.follow(browser.get(authorize(nodeA, verifier, Map.of())),
                uri -> uri.getPath().startsWith("/signin/callback/"));
        Browser.Page afterCallback = browser.get(onNode(nodeB, toCallback.next()));
        assertThat(afterCallback.status()).isEqualTo(302);
        Browser.Page atApp = browser.follow(afterCallback, uri -> uri.toString().startsWith(APP_REDIRECT));
        String code = query(atApp.next()).get("code");
        assertThat(code).isNotNull();

        // Token request at A, refresh at B; each node accepts the other's access tokens.
        TestBroker.Json tokens = nodeA.post("/oauth2/token", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", APP_REDIRECT, "code_verifier", verifier), "tax", "tax-secret");
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(nodeB.getWithBearer("/userinfo", tokens.string("access_token")).status()).isEqualTo(200);
        TestBroker.Json refreshed = nodeB.post("/oauth2/token", Map.of("grant_type", "refresh_token",
                "refresh_token", tokens.string("refresh_token")), "tax", "tax-secret");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(nodeA.getWithBearer("/userinfo", refreshed.string("access_token")).status()).isEqualTo(200);

        // Single sign-on on B for the session made on A and B.
        Browser.Page silent = browser.follow(browser.get(authorize(nodeB, "v2-" + UUID.randomUUID(), Map.of("prompt", "none"))),
                uri -> uri.toString().startsWith(APP_REDIRECT));
        assertThat(query(silent.next())).containsKey("code");

        // Logout at A: the app is told by a back-channel logout token, and the session is gone on B too.
        // The refresh replaced the ID token too; the latest one is the hint.
        String latestIdToken = refreshed.string("id_token");
        JWTClaimsSet idToken = SignedJWT.parse(latestIdToken).getJWTClaimsSet();
        assertThat(idToken.getStringClaim("sid")).isEqualTo(SignedJWT.parse(tokens.string("id_token")).getJWTClaimsSet().getStringClaim("sid"));
        // Not followed: its redirect leads to a sign-in page, and this test upstream would sign the person in again.
        Browser.Page signedOut = browser.get(UriComponentsBuilder.fromUri(nodeA.uri("/connect/logout"))
                .queryParam("id_token_hint", latestIdToken).build().toUri());
        assertThat(signedOut.status()).isEqualTo(302);
        JWTClaimsSet logoutToken = awaitLogoutToken();
        assertThat(logoutToken.getStringClaim("sid")).isEqualTo(idToken.getStringClaim("sid"));
        Browser.Page afterLogout = browser.get(authorize(nodeB, "v3-" + UUID.randomUUID(), Map.of("prompt", "none")));
        assertThat(query(afterLogout.next())).containsEntry("error", "login_required");
        // The refresh on B retired the first refresh token for A too.
        assertThat(nodeA.post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", tokens.string("refresh_token")),
                "tax", "tax-secret").string("error")).isEqualTo("invalid_grant");
    }

    private static JWTClaimsSet awaitLogoutToken() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<LoggedRequest> received = List.of();
        while (received.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            received = app.findAll(postRequestedFor(urlPathEqualTo("/backchannel-logout")));
        }
        assertThat(received).as("a back-channel logout request").isNotEmpty();
        String form = received.get(0).getBodyAsString();
        String token = java.net.URLDecoder.decode(form.substring(form.indexOf("logout_token=") + "logout_token=".length()).split("&")[0],
                java.nio.charset.StandardCharsets.UTF_8);
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    private static URI onNode(TestBroker node, URI uri) {
        return UriComponentsBuilder.fromUri(uri).port(node.issuer().getPort()).build(true).toUri();
    }

    private static URI authorize(TestBroker node, String verifier, Map<String, String> extra) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUri(node.uri("/oauth2/authorize"))
                .queryParam("response_type", "code").queryParam("client_id", "tax")
                .queryParam("redirect_uri", APP_REDIRECT).queryParam("scope", "openid profile")
                .queryParam("state", "st").queryParam("nonce", UUID.randomUUID())
                .queryParam("code_challenge", s256(verifier)).queryParam("code_challenge_method", "S256");
        extra.forEach(uri::queryParam);
        return uri.encode().build().toUri();
    }
}
