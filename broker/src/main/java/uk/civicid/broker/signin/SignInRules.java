package uk.civicid.broker.signin;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.Upstreams;
import uk.civicid.broker.session.BrokerSessions;

/**
 * The one place that decides whether a browser's sign-in serves an app's request, and which logins the app offers.
 * The authorization endpoint, the choice of login and the passkey page all ask here. The checks, in order; the first
 * that does not say continue decides:
 * <ol>
 *   <li>{@link PasskeyRequired}: the app requires a passkey;</li>
 *   <li>{@link RequestedAcr}: the app asks for the passkey's acr;</li>
 *   <li>{@link SignedIn}: someone is signed in, in a broker session still live;</li>
 *   <li>{@link AccountEnabled}: their account is not disabled;</li>
 *   <li>{@link AcceptedLogin}: the app accepts the login they used;</li>
 *   <li>{@link FreshSignIn}: {@code prompt=login} and {@code max_age} are met;</li>
 *   <li>{@link IdentityProved}: an app asking for a verified identity gets a sign-in that proved one.</li>
 * </ol>
 */
@Component
public class SignInRules {

    private final List<SignInCheck> checks;
    private final RegisteredClientRepository clients;
    private final Upstreams upstreams;
    private final Clock clock;

    public SignInRules(BrokerSessions sessions, AccountRepository accounts, RegisteredClientRepository clients, Upstreams upstreams,
                       CivicIdProperties properties, Clock clock) {
        this.checks = List.of(new PasskeyRequired(), new RequestedAcr(properties.passkeys().acr()), new SignedIn(sessions::isLive),
                new AccountEnabled(id -> accounts.findById(id).filter(Account::disabled).isPresent()), new AcceptedLogin(), new FreshSignIn(clock),
                new IdentityProved());
        this.clients = clients;
        this.upstreams = upstreams;
        this.clock = clock;
    }

    public SignInOutcome decide(SignInAttempt attempt) {
        for (SignInCheck check : checks) {
            SignInOutcome outcome = check.check(attempt);
            if (!(outcome instanceof SignInOutcome.Continue)) {
                return outcome;
            }
        }
        return SignInOutcome.CONTINUE;
    }

    /** The question for this browser and request: the app's policy, who is signed in, and any fresh sign-in demanded. */
    public SignInAttempt attempt(SignInRequest request, HttpServletRequest http) {
        return new SignInAttempt(request, app(request).orElse(null), BrokerSessions.current().orElse(null),
                FreshSignInDemands.demandedAt(http, request.key()));
    }

    /**
     * Decides at the authorization endpoint, and remembers a fresh sign-in it demands, so the request resumed after it
     * is served (once).
     */
    public SignInOutcome decideAuthorization(SignInRequest request, HttpServletRequest http) {
        SignInOutcome outcome = decide(attempt(request, http));
        boolean served = outcome instanceof SignInOutcome.Continue;
        if (served ? FreshSignInDemands.demandedAt(http, request.key()) != null : request.prompts("login") || request.maxAge() != null) {
            FreshSignInDemands.update(http, request.key(), served, clock.instant());
        }
        return outcome;
    }

    public Optional<ClientPolicy> app(SignInRequest request) {
        return Optional.ofNullable(request.clientId()).map(clients::findByClientId).map(ClientPolicy::of);
    }

    public Optional<RegisteredClient> client(SignInRequest request) {
        return Optional.ofNullable(request.clientId()).map(clients::findByClientId);
    }

    /** The enabled logins an app accepts (every one when it lists none, or when no app asks), in the broker's order. */
    public List<Upstreams.Upstream> offered(ClientPolicy app) {
        return upstreams.all().stream().filter(u -> app == null || app.accepts(u.id())).toList();
    }

    /**
     * The logins offered for this request: those the app accepts, and only those that prove identities at the level it
     * needs when it asks for one.
     */
    public List<Upstreams.Upstream> offered(ClientPolicy app, SignInRequest request) {
        return offered(app).stream().filter(u -> request == null || !request.asksIdentity()
                || u.login().provesIdentity(SignInRequest.identityLevel(app))).toList();
    }

    /** The login with this id, if it is offered for this request (null when no app asks). */
    public Optional<Upstreams.Upstream> offered(SignInRequest request, String upstreamId) {
        ClientPolicy app = request == null ? null : app(request).orElse(null);
        return offered(app, request).stream().filter(u -> u.id().equals(upstreamId)).findFirst();
    }
}
