package uk.civicid.broker.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.client.ClientCatalogue;
import uk.civicid.broker.client.ConfiguredClients;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.UpstreamClientKeyStore;
import uk.civicid.broker.federation.UpstreamClientKeys;
import uk.civicid.broker.federation.UpstreamConnectors;
import uk.civicid.broker.federation.Upstreams;
import uk.civicid.broker.session.BrokerAuthentication;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.session.BrokerSession;
import uk.civicid.broker.session.BrokerSessions;
import uk.civicid.broker.signin.SignInRules;
import uk.civicid.broker.store.memory.MemoryAccountRepository;
import uk.civicid.broker.store.memory.MemoryAppRepository;
import uk.civicid.broker.store.memory.MemoryBrokerSessionRepository;
import uk.civicid.broker.store.memory.MemorySigningKeyRepository;
import uk.civicid.broker.store.memory.MemoryUpstreamRepository;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * The authorization endpoint asks the sign-in rules before the framework decides access, without a running server: a
 * sign-in that serves the request passes untouched; one that does not proceeds as signed out (so the person signs in
 * and comes back); {@code prompt=none} gets {@code login_required} at the app (OIDC Core §3.1.2.6).
 */
@Tag("unit")
class SignInRequirementsFilterTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final String REDIRECT = "https://tax.example/cb";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CivicIdProperties properties = new Binder(new MapConfigurationPropertySource(TestUpstream.properties(Map.of(
            "civicid.issuer", "https://id.council.example",
            "civicid.clients[0].client-id", "tax", "civicid.clients[0].name.en", "Tax", "civicid.clients[0].redirect-uris[0]", REDIRECT,
            "civicid.clients[1].client-id", "staff", "civicid.clients[1].name.en", "Staff",
            "civicid.clients[1].redirect-uris[0]", REDIRECT, "civicid.clients[1].require-passkey", "true"),
            TestUpstream.at("council", "https://login.council.example", "civicid", "s"))))
            .bind("civicid", CivicIdProperties.class).get();
    private final MemoryBrokerSessionRepository sessionStore = new MemoryBrokerSessionRepository(clock);
    private final BrokerSessions sessions = new BrokerSessions(sessionStore, null, null, properties, clock);
    private final ClientCatalogue clients = new ClientCatalogue(ConfiguredClients.from(properties), new MemoryAppRepository(), properties.tokens());
    private final Upstreams upstreams = new Upstreams(properties, new MemoryUpstreamRepository(), new UpstreamConnectors(properties,
            HttpClient.newHttpClient(), clock, new SimpleMeterRegistry(),
            new UpstreamClientKeys(new UpstreamClientKeyStore(new MemorySigningKeyRepository()), properties, clock)));
    private final SignInRules rules = new SignInRules(sessions, new MemoryAccountRepository(), clients, upstreams, properties, clock);
    private final AuthorizationServerSettings server = AuthorizationServerSettings.builder().build();
    private final SignInRequirementsFilter filter = new SignInRequirementsFilter(server, clients, rules,
            new AuthorizationResponses("https://id.council.example"));
    private final BrokerAuthentication alice = new BrokerAuthentication(new BrokerPrincipal("account-alice", "session-1", "council",
            "http://eidas.europa.eu/LoA/low", List.of("fed"), NOW.minusSeconds(60)));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private MockHttpServletRequest authorize(String clientId, String... parameters) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", server.getAuthorizationEndpoint());
        request.addParameter("client_id", clientId);
        request.addParameter("redirect_uri", REDIRECT);
        request.addParameter("state", "st-1");
        for (String parameter : parameters) {
            String[] pair = parameter.split("=", 2);
            request.addParameter(pair[0], pair[1]);
        }
        return request;
    }

    private void signedIn() {
        sessionStore.save(new BrokerSession("session-1", "account-alice", NOW, Set.of()), Duration.ofMinutes(30));
        SecurityContextHolder.getContext().setAuthentication(alice);
    }

    @Test
    void aSignInThatServesTheRequest_passesWithItsSignIn() throws Exception {
        signedIn();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(authorize("tax"), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).as("the endpoint runs").isNotNull();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isSameAs(alice);
    }

    @Test
    void aSignInThatDoesNotServeTheRequest_proceedsAsSignedOut() throws Exception {
        signedIn();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(authorize("staff"), new MockHttpServletResponse(), chain); // requires a passkey: a step-up

        assertThat(chain.getRequest()).isNotNull();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).as("for this request only").isNull();
    }

    @Test
    void promptLogin_proceedsAsSignedOut_untilASignInAfterIt() throws Exception {
        signedIn();

        filter.doFilter(authorize("tax", "prompt=login"), new MockHttpServletResponse(), new MockFilterChain());

        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }

    /** OIDC Core §3.1.2.6: no page is shown for prompt=none; the app hears login_required at its validated redirect URI. */
    @Test
    void promptNone_withoutASignInThatServesIt_answersLoginRequiredAtTheApp() throws Exception {
        MockHttpServletRequest request = authorize("tax", "prompt=none");
        request.setAttribute(OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName(),
                new OAuth2AuthorizationCodeRequestAuthenticationToken(server.getAuthorizationEndpoint(), "tax", alice, REDIRECT, "st-1",
                        Set.of("openid"), Map.of()));
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(chain.getRequest()).as("the endpoint does not run").isNull();
        Map<String, String> query = UriComponentsBuilder.fromUriString(response.getRedirectedUrl()).build().getQueryParams().toSingleValueMap();
        assertThat(response.getRedirectedUrl()).startsWith(REDIRECT);
        assertThat(query).containsEntry("error", "login_required").containsEntry("state", "st-1")
                .containsEntry("iss", "https%3A%2F%2Fid.council.example");
    }

    @Test
    void otherEndpoints_areNotFiltered() throws Exception {
        signedIn();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(new MockHttpServletRequest("GET", "/userinfo"), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isSameAs(alice);
    }
}
