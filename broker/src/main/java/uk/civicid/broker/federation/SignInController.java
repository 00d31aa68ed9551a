package uk.civicid.broker.federation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.passkey.Passkeys;
import uk.civicid.broker.federation.SignInTransaction.Intent;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;

/**
 * The federated sign-in: the choice of login, the redirect to the upstream, and its callback. One
 * callback path per upstream, so a response can only be taken for the upstream it came from (mix-up
 * defence, RFC 9700 §4.4, with RFC 9207's iss checked by the connector).
 */
@Controller
public class SignInController {

    private final Upstreams upstreams;
    private final SignIns signIns;
    private final UpstreamSignInHandler handler;
    private final RegisteredClientRepository clients;
    private final RequestCache requestCache;
    private final String passkeyAcr;

    public SignInController(Upstreams upstreams, SignIns signIns, UpstreamSignInHandler handler,
                            RegisteredClientRepository clients, RequestCache requestCache, CivicIdProperties properties) {
        this.passkeyAcr = properties.passkeys().acr();
        this.upstreams = upstreams;
        this.signIns = signIns;
        this.handler = handler;
        this.clients = clients;
        this.requestCache = requestCache;
    }

    /** The choice of login; skipped when the app accepts one, or names one with {@code idp_hint}. */
    @GetMapping("/signin")
    public String choose(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        Optional<PendingAuthorization> pending = PendingAuthorization.of(requestCache, request, response);
        Optional<RegisteredClient> client = pending.map(p -> clients.findByClientId(p.clientId()));
        if (client.isPresent() && Passkeys.required(ClientPolicy.of(client.get()), pending.get().acrValues(), passkeyAcr)) {
            return "redirect:/signin/passkey"; // this app needs a passkey sign-in (or a step-up to one)
        }
        List<Upstreams.Upstream> offered = upstreams.acceptedBy(client.map(c -> ClientPolicy.of(c).acceptedUpstreams()).orElse(List.of()));
        String hint = pending.map(PendingAuthorization::idpHint).orElse(null);
        Optional<Upstreams.Upstream> chosen = offered.size() == 1 ? Optional.of(offered.get(0))
                : offered.stream().filter(u -> u.id().equals(hint)).findFirst();
        if (chosen.isPresent()) {
            return "redirect:/signin/" + chosen.get().id();
        }
        model.addAttribute("appName", client.map(c -> ClientPolicy.of(c).displayName(locale)).orElse(null));
        model.addAttribute("upstreams", offered.stream()
                .map(u -> Map.of("id", u.id(), "name", u.config().displayName().in(locale))).toList());
        return "signin";
    }

    /** Sends the browser to an upstream to sign in. */
    @GetMapping("/signin/{upstreamId}")
    public String start(@PathVariable String upstreamId, HttpServletRequest request, HttpServletResponse response) {
        Optional<PendingAuthorization> pending = PendingAuthorization.of(requestCache, request, response);
        List<String> accepted = pending.map(p -> clients.findByClientId(p.clientId()))
                .map(c -> ClientPolicy.of(c).acceptedUpstreams()).orElse(List.of());
        Upstreams.Upstream upstream = upstreams.find(upstreamId)
                .filter(u -> accepted.isEmpty() || accepted.contains(u.id()))
                .orElseThrow(() -> new UpstreamSignInException(Reason.UNKNOWN_UPSTREAM, "upstream not offered"));
        return "redirect:" + signIns.start(upstream, Intent.SIGN_IN, null, pending.map(PendingAuthorization::hints).orElse(SignInHints.NONE), request);
    }

    @GetMapping("/signin/callback/{upstreamId}")
    public String callback(@PathVariable String upstreamId, @RequestParam Map<String, String> params,
                           HttpServletRequest request, HttpServletResponse response) {
        Upstreams.Upstream upstream = upstreams.find(upstreamId)
                .orElseThrow(() -> new UpstreamSignInException(Reason.UNKNOWN_UPSTREAM, "upstream not enabled"));
        SignIns.Completed done = signIns.complete(upstream, params, request);
        return "redirect:" + handler.onIdentity(done.transaction(), done.identity(), request, response);
    }
}
