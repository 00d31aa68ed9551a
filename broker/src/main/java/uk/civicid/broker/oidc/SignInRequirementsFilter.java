package uk.civicid.broker.oidc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.passkey.Passkeys;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.session.BrokerSessions;

/**
 * Decides, before the authorization endpoint runs, whether the browser's existing sign-in is good enough
 * for this request. When it is not, the request proceeds as if nobody were signed in: the endpoint then
 * sends the person to sign in and resumes after; to {@code prompt=none} it answers {@code login_required}
 * itself (OIDC Core §3.1.2.6), at the redirect URI the framework's validation already checked.
 * <ul>
 *   <li>the broker session was ended elsewhere (signed out in another app, tab or node);</li>
 *   <li>the app does not accept the login the session was made with;</li>
 *   <li>the app requires a passkey (configured, or asked with {@code acr_values}) and the session has not used one:
 *   the sign-in page then asks for it (step-up);</li>
 *   <li>{@code prompt=login}, or {@code max_age} older than the sign-in (OIDC Core §3.1.2.1). Such a demand
 *   is remembered per request, so the request resumed after the fresh sign-in is let through once.</li>
 * </ul>
 */
public class SignInRequirementsFilter extends OncePerRequestFilter {

    private static final String DEMANDS = SignInRequirementsFilter.class.getName() + ".demands";
    private static final int MAX_DEMANDS = 16;

    private final String authorizationEndpoint;
    private final RegisteredClientRepository clients;
    private final BrokerSessions sessions;
    private final AuthorizationResponses responses;
    private final String passkeyAcr;
    private final Clock clock;

    public SignInRequirementsFilter(AuthorizationServerSettings settings, RegisteredClientRepository clients,
                                    BrokerSessions sessions, AuthorizationResponses responses, String passkeyAcr, Clock clock) {
        this.authorizationEndpoint = settings.getAuthorizationEndpoint();
        this.clients = clients;
        this.sessions = sessions;
        this.responses = responses;
        this.passkeyAcr = passkeyAcr;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !authorizationEndpoint.equals(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<BrokerPrincipal> principal = BrokerSessions.current();
        boolean signedIn = principal.isPresent() && satisfied(principal.get(), request);
        if (!signedIn) {
            SecurityContextHolder.setContext(SecurityContextHolder.createEmptyContext()); // this request only; not saved
            Object validated = request.getAttribute(OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName());
            if (validated instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorization && promptNone(request)) {
                String redirectUri = authorization.getRedirectUri() != null ? authorization.getRedirectUri()
                        : clients.findByClientId(authorization.getClientId()).getRedirectUris().iterator().next();
                responses.error(response, redirectUri, "login_required", authorization.getState());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private boolean satisfied(BrokerPrincipal principal, HttpServletRequest request) {
        if (!sessions.isLive(principal)) {
            return false;
        }
        RegisteredClient client = clients.findByClientId(String.valueOf(request.getParameter("client_id")));
        if (client != null) {
            ClientPolicy policy = ClientPolicy.of(client);
            if (!policy.accepts(principal.upstreamId())) {
                return false;
            }
            if (Passkeys.required(policy, request.getParameter("acr_values"), passkeyAcr) && !Passkeys.used(principal)) {
                return false; // step-up: the sign-in page asks for the passkey
            }
        }
        return !needsFreshSignIn(principal, request) || demandMet(principal, request);
    }

    private static boolean promptNone(HttpServletRequest request) {
        String prompt = request.getParameter("prompt");
        return prompt != null && Arrays.asList(prompt.split(" ")).contains("none");
    }

    private boolean needsFreshSignIn(BrokerPrincipal principal, HttpServletRequest request) {
        String prompt = request.getParameter("prompt");
        if (prompt != null && Arrays.asList(prompt.split(" ")).contains("login")) {
            return true;
        }
        String maxAge = request.getParameter("max_age");
        if (maxAge != null && maxAge.matches("\\d{1,9}")) {
            return principal.authTime().plusSeconds(Long.parseLong(maxAge)).isBefore(clock.instant());
        }
        return false;
    }

    /** True once, for the same request after a sign-in that happened after it was first demanded. */
    private boolean demandMet(BrokerPrincipal principal, HttpServletRequest request) {
        HttpSession session = request.getSession();
        @SuppressWarnings("unchecked")
        Map<String, Instant> demands = (Map<String, Instant>) session.getAttribute(DEMANDS);
        Map<String, Instant> next = demands == null ? new LinkedHashMap<>() : new LinkedHashMap<>(demands);
        String key = requestKey(request);
        Instant demandedAt = next.remove(key);
        boolean met = demandedAt != null && !principal.authTime().isBefore(demandedAt);
        if (!met) {
            next.put(key, clock.instant());
            while (next.size() > MAX_DEMANDS) {
                next.remove(next.keySet().iterator().next());
            }
        }
        session.setAttribute(DEMANDS, next);
        return met;
    }

    /** Identifies an authorization request by its parameters, less the request cache's "continue" marker. */
    private static String requestKey(HttpServletRequest request) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(request.getParameterMap()).forEach((name, values) -> {
            if (!"continue".equals(name)) {
                canonical.append(name).append('=').append(String.join(",", values)).append('&');
            }
        });
        return Sha256.base64Url(canonical.toString());
    }
}
