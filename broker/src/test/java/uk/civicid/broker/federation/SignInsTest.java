package uk.civicid.broker.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;
import uk.civicid.broker.federation.SignInTransaction.Intent;
import uk.civicid.broker.store.memory.MemorySignInTransactionStore;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * The pending sign-in at an upstream, without Spring or a network: one record in the store, consumed once, bound to the
 * browser that started it and to the upstream it was started for (RFC 9700 §4.7, §4.4).
 */
@Tag("unit")
class SignInsTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    private final CivicIdProperties properties = new Binder(new MapConfigurationPropertySource(TestUpstream.properties(
            Map.of("civicid.issuer", "https://id.council.example/", "civicid.sessions.sign-in-timeout", "10m"),
            TestUpstream.at("council", "https://login.council.example", "civicid", "s"))))
            .bind("civicid", CivicIdProperties.class).get();
    private final SignIns signIns = new SignIns(new MemorySignInTransactionStore(clock), properties, clock);
    private final Recording connector = new Recording();
    private final Upstreams.Upstream council = upstream("council", connector);

    /** A connector that records what it was given and answers one identity. */
    static final class Recording implements UpstreamConnector {
        SignInTransaction started;
        URI callback;
        SignInHints hints;

        @Override
        public URI authorizationRedirect(SignInTransaction transaction, URI callbackUri, SignInHints hints) {
            this.started = transaction;
            this.callback = callbackUri;
            this.hints = hints;
            return URI.create("https://login.council.example/authorize?state=" + transaction.state());
        }

        @Override
        public UpstreamIdentity complete(SignInTransaction transaction, URI callbackUri, Map<String, String> callbackParameters) {
            return new UpstreamIdentity("council", "https://login.council.example", "alice", new UpstreamIdentity.Profile(null, null, false),
                    "http://eidas.europa.eu/LoA/low", List.of("fed"), NOW, null);
        }

        @Override
        public UpstreamLogout verifyLogoutToken(String logoutToken) {
            throw new LogoutTokenRefused("not used here");
        }

        @Override
        public java.util.Optional<URI> endSessionRedirect(String logoutHint, URI postLogoutRedirectUri, String state) {
            return java.util.Optional.empty();
        }

        @Override
        public UpstreamStatus status() {
            return new UpstreamStatus(null, null);
        }
    }

    static Upstreams.Upstream upstream(String id, UpstreamConnector connector) {
        return new Upstreams.Upstream(UpstreamLogin.of(new CivicIdProperties.Upstream(id, null, new CivicIdProperties.LocalisedText(id, null),
                URI.create("https://login." + id + ".example"), "civicid", null, "s", null, null, null, null, null, null, null, null, null, null, null, null, true), null),
                connector);
    }

    @Test
    void aSignIn_startsWithFreshSecrets_andItsOwnCallback_andPassesTheAppsHintsOn() {
        MockHttpServletRequest browser = new MockHttpServletRequest();
        SignInHints hints = new SignInHints("alice@example.org", true, 300L, null);

        URI redirect = signIns.start(council, Intent.SIGN_IN, null, hints, browser);

        assertThat(redirect.toString()).startsWith("https://login.council.example/authorize?state=");
        assertThat(connector.callback).hasToString("https://id.council.example/signin/callback/council");
        assertThat(connector.hints).isEqualTo(hints.inLanguage("en"));
        SignInTransaction tx = connector.started;
        assertThat(tx.state()).hasSize(43);
        assertThat(tx.nonce()).hasSize(43).isNotEqualTo(tx.state());
        assertThat(tx.codeVerifier()).hasSize(86); // RFC 7636 §4.1: 43 to 128 characters
        assertThat(tx.startedAt()).isEqualTo(NOW);
    }

    @Test
    void theCallback_completesOnce_andAReplayedStateIsRefusedAsExpired() {
        MockHttpServletRequest browser = new MockHttpServletRequest();
        signIns.start(council, Intent.SIGN_IN, null, SignInHints.NONE, browser);
        Map<String, String> callback = Map.of("state", connector.started.state(), "code", "c");

        assertThat(signIns.complete(council, callback, sameBrowser(browser)).identity().subject()).isEqualTo("alice");
        assertThatThrownBy(() -> signIns.complete(council, callback, sameBrowser(browser)))
                .isInstanceOfSatisfying(UpstreamSignInException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    /** Login CSRF (RFC 9700 §4.7): a callback in another browser than the one that started the sign-in. */
    @Test
    void aCallbackInAnotherBrowser_isRefusedAsExpired_andUsesUpTheState() {
        signIns.start(council, Intent.SIGN_IN, null, SignInHints.NONE, new MockHttpServletRequest());
        Map<String, String> callback = Map.of("state", connector.started.state(), "code", "c");

        assertThatThrownBy(() -> signIns.complete(council, callback, new MockHttpServletRequest()))
                .isInstanceOfSatisfying(UpstreamSignInException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    /** Mix-up (RFC 9700 §4.4): a state started for one upstream, brought back on another's callback. */
    @Test
    void aCallbackForAnotherUpstream_isRefusedAsInvalid() {
        MockHttpServletRequest browser = new MockHttpServletRequest();
        signIns.start(council, Intent.SIGN_IN, null, SignInHints.NONE, browser);

        assertThatThrownBy(() -> signIns.complete(upstream("library", new Recording()), Map.of("state", connector.started.state()),
                sameBrowser(browser)))
                .isInstanceOfSatisfying(UpstreamSignInException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE));
    }

    @Test
    void aStateOlderThanTheSignInTimeout_orNone_isRefusedAsExpired() {
        MockHttpServletRequest browser = new MockHttpServletRequest();
        signIns.start(council, Intent.SIGN_IN, null, SignInHints.NONE, browser);
        now.set(NOW.plus(Duration.ofMinutes(11)));

        assertThatThrownBy(() -> signIns.complete(council, Map.of("state", connector.started.state()), sameBrowser(browser)))
                .isInstanceOfSatisfying(UpstreamSignInException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
        assertThatThrownBy(() -> signIns.complete(council, Map.of(), sameBrowser(browser)))
                .isInstanceOfSatisfying(UpstreamSignInException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    /** A request in the same browser session as the one given. */
    private static MockHttpServletRequest sameBrowser(MockHttpServletRequest started) {
        MockHttpServletRequest next = new MockHttpServletRequest();
        next.setSession(started.getSession());
        return next;
    }
}
