package uk.civicid.broker.testsupport;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * People signed in to the admin console as the console does it: a passkey sign-in (so the token's {@code amr} has
 * {@code hwk}), the console's admin scopes, the code exchange. Gives real broker access tokens for admin API tests.
 * <p>
 * The broker must run on {@code http://localhost:<port>} as its issuer (WebAuthn needs a host name, not an IP) and be
 * configured with {@link #console(int)} and {@link #administrators(String, String...)}/{@link #appTeamUpstream}.
 * {@link #start} registers one passkey per person with Chromium's virtual authenticator on the account page (after
 * signing in at the upstream); every {@link #signIn} after that is plain HTTP, signed with that passkey's key.
 */
public final class AdminSession {

    public static final String CONSOLE = "console";
    public static final String CONSOLE_SECRET = "console-secret";
    public static final String SCOPES = "openid profile civicid.admin civicid.apps";

    /** A person signed in to the console: their broker account, and the console's access token for them. */
    public record Person(String accountId, String accessToken) {}

    private final TestBroker broker;
    private final String brokerUrl;
    private final Map<String, PasskeyAssertion> passkeys;
    private final AtomicLong counter = new AtomicLong(1000);

    private AdminSession(TestBroker broker, String brokerUrl, Map<String, PasskeyAssertion> passkeys) {
        this.broker = broker;
        this.brokerUrl = brokerUrl;
        this.passkeys = passkeys;
    }

    /** The admin console as {@code civicid.clients[index]}: confidential, with the admin scopes, requiring a passkey. */
    public static Map<String, String> console(int index) {
        String prefix = "civicid.clients[" + index + "].";
        Map<String, String> properties = new LinkedHashMap<>(Map.of(
                prefix + "client-id", CONSOLE,
                prefix + "name.en", "Admin console",
                prefix + "client-secret-hash", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(CONSOLE_SECRET),
                prefix + "redirect-uris[0]", TestApp.REDIRECT_URI,
                prefix + "require-passkey", "true"));
        String[] scopes = SCOPES.split(" ");
        for (int i = 0; i < scopes.length; i++) {
            properties.put(prefix + "scopes[" + i + "]", scopes[i]);
        }
        return properties;
    }

    /** {@code civicid.admin.administrators}: these subjects at this upstream. */
    public static Map<String, String> administrators(String upstreamId, String... subjects) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < subjects.length; i++) {
            properties.put("civicid.admin.administrators[" + i + "]", upstreamId + ":" + subjects[i]);
        }
        return properties;
    }

    /** {@code civicid.admin.app-team-upstreams[0]}: people from this upstream are app team members. */
    public static Map<String, String> appTeamUpstream(String upstreamId) {
        return Map.of("civicid.admin.app-team-upstreams[0]", upstreamId);
    }

    /**
     * Registers a passkey for each person: signs them in at the upstream (in Chromium, as that persona), adds a passkey
     * on the account page, keeps its private key for the sign-ins that follow.
     */
    public static AdminSession start(TestBroker broker, String brokerUrl, FakeUpstream upstream, String upstreamId,
                                     FakeUpstream.Persona... people) {
        Map<String, PasskeyAssertion> passkeys = new LinkedHashMap<>();
        ChromeDriver chrome = Chromium.start(Chromium.DESKTOP);
        try {
            for (FakeUpstream.Persona person : people) {
                chrome.manage().deleteAllCookies(); // each person signs in afresh
                upstream.signInAs(person);
                passkeys.put(person.subject(), Chromium.registerPasskey(chrome, broker, brokerUrl, upstreamId));
            }
        } finally {
            chrome.quit();
        }
        return new AdminSession(broker, brokerUrl, passkeys);
    }

    /** Signs the person (by their upstream subject) in to the console with their passkey; returns the console's token for them. */
    public Person signIn(String subject) {
        return signIn(subject, CONSOLE, CONSOLE_SECRET, SCOPES);
    }

    /** As {@link #signIn(String)}, through another configured app. */
    public Person signIn(String subject, String clientId, String clientSecret, String scope) {
        PasskeyAssertion passkey = passkeys.get(subject);
        if (passkey == null) {
            throw new IllegalArgumentException("no passkey registered for " + subject);
        }
        Browser browser = new Browser();
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        URI authorize = UriComponentsBuilder.fromUriString(brokerUrl + "/oauth2/authorize")
                .queryParam("response_type", "code").queryParam("client_id", clientId)
                .queryParam("redirect_uri", TestApp.REDIRECT_URI).queryParam("scope", scope)
                .queryParam("state", UUID.randomUUID()).queryParam("nonce", UUID.randomUUID())
                .queryParam("code_challenge", TestBroker.s256(verifier)).queryParam("code_challenge_method", "S256")
                .encode().build().toUri();
        browser.get(authorize); // saved by the broker while the person signs in

        String page = browser.get(URI.create(brokerUrl + "/signin/passkey")).body();
        Map<String, String> csrf = Map.of(meta(page, "_csrf_header"), meta(page, "_csrf"));
        try {
            Browser.Page options = browser.postJson(URI.create(brokerUrl + "/webauthn/authenticate/options"), "", csrf);
            byte[] challenge = Base64.getUrlDecoder().decode((String) JSONObjectUtils.parse(options.body()).get("challenge"));
            Browser.Page signedIn = browser.postJson(URI.create(brokerUrl + "/login/webauthn"),
                    passkey.json(challenge, brokerUrl, URI.create(brokerUrl).getHost(), counter.incrementAndGet()), csrf);
            if (signedIn.status() != 200) {
                throw new IllegalStateException("passkey sign-in refused: " + signedIn.status() + " " + signedIn.body());
            }
            String next = (String) JSONObjectUtils.parse(signedIn.body()).get("redirectUrl");
            Browser.Page end = browser.follow(browser.get(URI.create(next)), uri -> uri.toString().startsWith(TestApp.REDIRECT_URI));
            if (end.location() == null || !end.location().startsWith(TestApp.REDIRECT_URI)) {
                throw new IllegalStateException("sign-in ended at " + end.status() + " " + end.uri() + " instead of the console");
            }
            String code = TestBroker.query(end.next()).get("code");
            TestBroker.Json tokens = broker.post("/oauth2/token", Map.of("grant_type", "authorization_code", "client_id", clientId,
                    "code", code, "redirect_uri", TestApp.REDIRECT_URI, "code_verifier", verifier), clientId, clientSecret);
            String accessToken = tokens.string("access_token");
            if (accessToken == null) {
                throw new IllegalStateException("no access token: " + tokens);
            }
            return new Person(SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject(), accessToken);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String meta(String page, String name) {
        Matcher m = Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]+)\"").matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " on the passkey sign-in page");
        }
        return m.group(1);
    }
}
