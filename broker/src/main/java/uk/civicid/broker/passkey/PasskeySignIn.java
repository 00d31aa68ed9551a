package uk.civicid.broker.passkey;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.session.BrokerAuthentication;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.session.BrokerSessions;
import uk.civicid.broker.signin.Assurance;

/**
 * After the framework has verified a passkey assertion, signs the person in as the account the passkey belongs
 * to, with the passkey's assurance (amr {@code hwk}, {@code user}; the configured acr). A step-up keeps the
 * session and what it already proved. Answers the page's script with where to go next.
 */
public final class PasskeySignIn implements AuthenticationSuccessHandler {

    private final BrokerSessions sessions;
    private final SecurityContextRepository contexts;
    private final RequestCache requestCache;
    private final String acr;
    private final Audit audit;
    private final AccountRepository accounts;

    public PasskeySignIn(BrokerSessions sessions, SecurityContextRepository contexts, RequestCache requestCache, String acr,
                         Audit audit, AccountRepository accounts) {
        this.audit = audit;
        this.accounts = accounts;
        this.sessions = sessions;
        this.contexts = contexts;
        this.requestCache = requestCache;
        this.acr = acr;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication passkey)
            throws IOException {
        // The filter kept the passkey's authentication out of the session (see SecurityConfiguration), so the
        // session still says who was signed in before: that is what a step-up builds on.
        SecurityContext before = contexts.loadDeferredContext(request).get();
        SecurityContextHolder.setContext(before);
        Optional<BrokerPrincipal> previous = before.getAuthentication() instanceof BrokerAuthentication signedIn
                ? Optional.of(signedIn.getPrincipal()) : Optional.empty();
        String accountId = passkey.getName();
        if (previous.isPresent() && !previous.get().accountId().equals(accountId)) {
            // A step-up must be by the person already signed in, not someone else's passkey on a shared device.
            audit.record(AuditEventType.PASSKEY_OF_ANOTHER_ACCOUNT, previous.get().accountId(), null, null, Map.of());
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"passkey_of_another_account\"}");
            return;
        }
        if (accounts.findById(accountId).filter(Account::disabled).isPresent()) {
            audit.record(AuditEventType.SIGN_IN_FAILED, accountId, null, ClientPolicy.PASSKEY, Map.of("reason", "ACCOUNT_DISABLED"));
            response.setContentType("application/json");
            String page = ServletUriComponentsBuilder.fromContextPath(request).path("/account-disabled").toUriString();
            response.getWriter().write("{\"authenticated\":false,\"redirectUrl\":\"" + page + "\"}");
            return;
        }
        Optional<BrokerPrincipal> steppedUp = previous.filter(p -> p.accountId().equals(accountId));
        List<String> amr = steppedUp.map(p -> Assurance.afterPasskey(p.amr())).orElse(Assurance.PASSKEY_AMR);
        // A step-up adds strength to the sign-in it builds on: what that sign-in's upstream said (a verified identity, the
        // NHS details, staff roles) stays, or an app needing both a passkey and one of them could never be served.
        sessions.signIn(request, response, accountId, ClientPolicy.PASSKEY, acr, amr, null,
                steppedUp.map(BrokerPrincipal::identity).orElse(null), steppedUp.map(BrokerPrincipal::nhs).orElse(null),
                steppedUp.map(BrokerPrincipal::roles).orElse(List.of()));

        SavedRequest saved = requestCache.getRequest(request, response);
        String next = saved != null ? saved.getRedirectUrl() : request.getContextPath() + "/account";
        requestCache.removeRequest(request, response);
        response.setContentType("application/json");
        response.getWriter().write("{\"authenticated\":true,\"redirectUrl\":\"" + next.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
