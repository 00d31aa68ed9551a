package uk.civicid.broker.testsupport;

import static uk.civicid.broker.testsupport.TestBroker.query;
import static uk.civicid.broker.testsupport.TestBroker.s256;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * An app (code flow with PKCE; public, or confidential with a secret) registered at a test broker: it sends a
 * browser to sign in, naming the upstream with {@code idp_hint}, and redeems the code, as a relying party would.
 */
public final class TestApp {

    /** Never listened on: the browser stops before following the broker's redirect here. */
    public static final String REDIRECT_URI = "http://127.0.0.1:9/callback";

    private final TestBroker broker;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Map<String, String> extraParameters;

    public TestApp(TestBroker broker, String clientId) {
        this(broker, clientId, null);
    }

    /** A confidential app, authenticating with client_secret_basic. */
    public TestApp(TestBroker broker, String clientId, String clientSecret) {
        this(broker, clientId, clientSecret, "openid profile");
    }

    /** A confidential app asking for these scopes. */
    public TestApp(TestBroker broker, String clientId, String clientSecret, String scope) {
        this(broker, clientId, clientSecret, scope, Map.of());
    }

    private TestApp(TestBroker broker, String clientId, String clientSecret, String scope, Map<String, String> extraParameters) {
        this.broker = broker;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.extraParameters = extraParameters;
    }

    /** The same app, adding these parameters to its authorization requests. */
    public TestApp with(Map<String, String> parameters) {
        return new TestApp(broker, clientId, clientSecret, scope, Map.copyOf(parameters));
    }

    /** The broker configuration that registers this app as {@code civicid.clients[index]}. */
    public static Map<String, String> registration(int index, String clientId) {
        String prefix = "civicid.clients[" + index + "].";
        return Map.of(prefix + "client-id", clientId, prefix + "name.en", clientId, prefix + "redirect-uris[0]", REDIRECT_URI);
    }

    /** Signs in with the named upstream in this browser; returns the claims of the broker's ID token. */
    public JWTClaimsSet signIn(Browser browser, String upstreamId) {
        return tokens(browser, upstreamId).idToken();
    }

    /** Signs in with the named upstream in this browser; returns the token endpoint's answer to the code. */
    public TestBroker.Json tokens(Browser browser, String upstreamId) {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        TestBroker.Json tokens = redeem(new Code(code(browser, upstreamId, verifier), verifier));
        if (tokens.string("id_token") == null) {
            throw new IllegalStateException("no ID token from the token endpoint: " + tokens);
        }
        return tokens;
    }

    /** An authorization code, and the PKCE verifier that redeems it. */
    public record Code(String value, String verifier) {}

    /** Signs in and returns the authorization code, not yet redeemed. */
    public Code code(Browser browser, String upstreamId) {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        return new Code(code(browser, upstreamId, verifier), verifier);
    }

    /** The token endpoint's answer to an authorization code. */
    public TestBroker.Json redeem(Code code) {
        return broker.post("/oauth2/token", Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", code.value(), "redirect_uri", REDIRECT_URI, "code_verifier", code.verifier()), clientId, clientSecret);
    }

    private String code(Browser browser, String upstreamId, String verifier) {
        Browser.Page end = attemptSignIn(browser, upstreamId, verifier);
        if (end.location() == null || !end.location().startsWith(REDIRECT_URI)) {
            throw new IllegalStateException("sign-in ended at " + end.status() + " " + end.uri() + " instead of the app");
        }
        return query(end.next()).get("code");
    }

    /** Starts a sign-in and follows it until it is about to return to the app, or ends on a page of its own. */
    public Browser.Page attemptSignIn(Browser browser, String upstreamId) {
        return attemptSignIn(browser, upstreamId, UUID.randomUUID() + "-" + UUID.randomUUID());
    }

    private Browser.Page attemptSignIn(Browser browser, String upstreamId, String verifier) {
        UriComponentsBuilder request = UriComponentsBuilder.fromUri(broker.uri("/oauth2/authorize"))
                .queryParam("response_type", "code").queryParam("client_id", clientId)
                .queryParam("redirect_uri", REDIRECT_URI).queryParam("scope", scope)
                .queryParam("state", UUID.randomUUID()).queryParam("nonce", UUID.randomUUID())
                .queryParam("code_challenge", s256(verifier)).queryParam("code_challenge_method", "S256")
                .queryParam("idp_hint", upstreamId);
        extraParameters.forEach((name, value) -> request.queryParam(name, "{" + name + "}"));
        URI authorize = request.encode().buildAndExpand(extraParameters).toUri();
        return browser.follow(browser.get(authorize), uri -> uri.toString().startsWith(REDIRECT_URI));
    }
}
