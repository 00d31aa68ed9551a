package uk.civicid.broker.passkey;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.signin.SignInRequest;
import uk.civicid.broker.signin.SignInRules;
import uk.civicid.broker.oidc.AuthorizationResponses;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.session.BrokerSessions;

/** The passkey sign-in page (also the step-up page), and removing a passkey from the account page. */
@Controller
public class PasskeyController {

    private final AccountPasskeys passkeys;
    private final RequestCache requestCache;
    private final SignInRules rules;
    private final AuthorizationResponses responses;
    private final Audit audit;

    public PasskeyController(AccountPasskeys passkeys, RequestCache requestCache, SignInRules rules,
                             AuthorizationResponses responses, Audit audit) {
        this.passkeys = passkeys;
        this.requestCache = requestCache;
        this.rules = rules;
        this.responses = responses;
        this.audit = audit;
    }

    /**
     * Asks for a passkey. A person already signed in (step-up) who has none cannot meet the app's requirement:
     * the app is told {@code unmet_authentication_requirements} rather than the person being stuck here.
     */
    @GetMapping("/signin/passkey")
    public String signIn(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) throws IOException {
        Optional<BrokerPrincipal> current = BrokerSessions.current();
        Optional<SignInRequest> pending = SignInRequest.saved(requestCache, request, response);
        Optional<RegisteredClient> client = pending.flatMap(rules::client);
        if (current.isPresent() && client.isPresent() && passkeys.of(current.get().accountId()).isEmpty()) {
            audit.record(AuditEventType.PASSKEY_REQUIRED_BUT_NONE, current.get().accountId(), client.get().getClientId(), null, Map.of());
            requestCache.removeRequest(request, response);
            String redirectUri = pending.get().redirectUri() != null ? pending.get().redirectUri()
                    : client.get().getRedirectUris().iterator().next();
            responses.error(response, redirectUri, "unmet_authentication_requirements", pending.get().state());
            return null;
        }
        model.addAttribute("appName", client.map(c -> ClientPolicy.of(c).displayName(locale)).orElse(null));
        model.addAttribute("stepUp", current.isPresent());
        model.addAttribute("upstreams", current.isPresent() ? List.of() : rules.offered(client.map(ClientPolicy::of).orElse(null)).stream()
                .map(u -> Map.of("id", u.id(), "name", u.login().displayName().in(locale))).toList());
        return "passkey-signin";
    }

    @PostMapping("/account/passkeys/remove")
    public String remove(@RequestParam String credentialId) {
        BrokerPrincipal principal = BrokerSessions.current().orElseThrow();
        passkeys.remove(principal.accountId(), credentialId);
        return "redirect:/account?passkeyRemoved";
    }
}
