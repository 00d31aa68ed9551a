package uk.civicid.broker.admin;

import uk.civicid.broker.client.AdminScopes;
import java.util.List;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.config.CivicIdProperties;

/**
 * Who may use the admin API, decided on every request from the access token and the person's account as they are
 * now (so a removed administrator loses access at once):
 * <ul>
 *   <li>the token must come from a phishing-resistant sign-in ({@code amr} has {@code hwk}: a passkey), else
 *       401 {@code insufficient_user_authentication} (RFC 9470) so the console can step the person up;</li>
 *   <li>an administrator holds a login listed in {@code civicid.admin.administrators} and the scope
 *       {@link AdminScopes#ADMIN};</li>
 *   <li>an app team member holds a login from an upstream in {@code civicid.admin.app-team-upstreams} and the
 *       scope {@link AdminScopes#APPS} (or is an administrator).</li>
 * </ul>
 * Controllers take an {@link AdminCaller} parameter; this resolves it.
 */
@Component
public class AdminAccess implements HandlerMethodArgumentResolver {

    /** RFC 8176: proof of possession of a hardware-bound key, what a passkey sign-in adds. */
    static final String PHISHING_RESISTANT_AMR = "hwk";

    private final AccountRepository accounts;
    private final CivicIdProperties.Admin admin;

    public AdminAccess(AccountRepository accounts, CivicIdProperties properties) {
        this.accounts = accounts;
        this.admin = properties.admin();
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AdminCaller.class;
    }

    @Override
    public AdminCaller resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                       WebDataBinderFactory binders) {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            throw new AdminProblem(org.springframework.http.HttpStatus.UNAUTHORIZED, "invalid_token", "a bearer access token is required", List.of());
        }
        return callerOf(token.getToken());
    }

    AdminCaller callerOf(Jwt token) {
        List<String> amr = Optional.ofNullable(token.getClaimAsStringList("amr")).orElse(List.of());
        if (!amr.contains(PHISHING_RESISTANT_AMR)) {
            throw new InsufficientUserAuthentication();
        }
        List<String> scopes = Optional.ofNullable(token.getClaimAsStringList("scope")).orElse(List.of());
        Account account = Optional.ofNullable(token.getSubject()).flatMap(accounts::findById)
                .orElseThrow(() -> AdminProblem.forbidden("this token is not for a person with an account"));
        if (account.disabled()) {
            throw AdminProblem.forbidden("this person's account is disabled"); // at once, though their token has not expired
        }
        boolean administrator = scopes.contains(AdminScopes.ADMIN) && account.links().stream()
                .anyMatch(link -> admin.administrators().contains(link.upstreamId() + ":" + link.subject()));
        boolean appTeam = scopes.contains(AdminScopes.APPS) && account.links().stream()
                .anyMatch(link -> admin.appTeamUpstreams().contains(link.upstreamId()));
        if (!administrator && !appTeam) {
            throw AdminProblem.forbidden("this person may not use the admin API");
        }
        return new AdminCaller(account.id(), administrator);
    }

    /** The token is valid but its sign-in was not phishing-resistant (RFC 9470 §3). */
    static final class InsufficientUserAuthentication extends RuntimeException {
        InsufficientUserAuthentication() {
            super("a passkey sign-in is required for the admin API");
        }
    }
}
