package uk.civicid.broker.oidc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;
import uk.civicid.broker.signin.SignInOutcome;
import uk.civicid.broker.signin.SignInRequest;
import uk.civicid.broker.signin.SignInRules;
import uk.civicid.broker.signin.UpstreamRefusals;

/**
 * Asks {@link SignInRules}, before the authorization endpoint runs, whether the browser's sign-in serves this request.
 * When it does not, the request proceeds as if nobody were signed in: the endpoint then sends the person to sign in
 * (where the same rules pick the choice of login or the passkey step-up) and resumes after. To {@code prompt=none}
 * it answers {@code login_required} itself (OIDC Core §3.1.2.6), at the redirect URI the framework's validation
 * already checked.
 */
public class SignInRequirementsFilter extends OncePerRequestFilter {

    private final String authorizationEndpoint;
    private final RegisteredClientRepository clients;
    private final SignInRules rules;
    private final AuthorizationResponses responses;

    public SignInRequirementsFilter(AuthorizationServerSettings settings, RegisteredClientRepository clients, SignInRules rules,
                                    AuthorizationResponses responses) {
        this.authorizationEndpoint = settings.getAuthorizationEndpoint();
        this.clients = clients;
        this.rules = rules;
        this.responses = responses;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !authorizationEndpoint.equals(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SignInRequest signIn = SignInRequest.of(request);
        Optional<String> refusedUpstream = UpstreamRefusals.forApp(request, signIn);
        SignInOutcome outcome = rules.decideAuthorization(signIn, request);
        if (!(outcome instanceof SignInOutcome.Continue)) {
            SecurityContextHolder.setContext(SecurityContextHolder.createEmptyContext()); // this request only; not saved
            Object validated = request.getAttribute(OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName());
            if (validated instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorization) {
                String redirectUri = authorization.getRedirectUri() != null ? authorization.getRedirectUri()
                        : clients.findByClientId(authorization.getClientId()).getRedirectUris().iterator().next();
                if (refusedUpstream.isPresent()) { // the upstream the app named with idp_hint refused: the app decides what next
                    responses.error(response, redirectUri, refusedUpstream.get(), authorization.getState());
                    return;
                }
                if (outcome instanceof SignInOutcome.Refuse refuse && refuse.reason() == Reason.IDENTITY_NOT_PROVED) {
                    // The person signed in, but who they are could not be proved: the app offers its other ways (OIDC4IDA §6).
                    responses.error(response, redirectUri, "access_denied", "identity_not_proved: the upstream could not verify "
                            + "the person's identity", authorization.getState());
                    return;
                }
                if (signIn.prompts("none")) {
                    responses.error(response, redirectUri, "login_required", authorization.getState());
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }
}
