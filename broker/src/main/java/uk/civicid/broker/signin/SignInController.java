package uk.civicid.broker.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.federation.SignInHints;
import uk.civicid.broker.federation.SignInTransaction.Intent;
import uk.civicid.broker.federation.SignIns;
import uk.civicid.broker.federation.UpstreamRegistration;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;
import uk.civicid.broker.federation.Upstreams;

/**
 * The federated sign-in: the choice of login, the redirect to the upstream, and its callback. One
 * callback path per upstream, so a response can only be taken for the upstream it came from (mix-up
 * defence, RFC 9700 §4.4, with RFC 9207's iss checked by the connector).
 */
@Controller
public class SignInController {

    private final Upstreams upstreams;
    private final SignIns signIns;
    private final FederatedSignIn handler;
    private final SignInRules rules;
    private final RequestCache requestCache;
    private final UpstreamSignOut upstreamSignOut;
    private final UpstreamRefusals refusals;

    public SignInController(Upstreams upstreams, SignIns signIns, FederatedSignIn handler, SignInRules rules, RequestCache requestCache,
                            UpstreamSignOut upstreamSignOut, UpstreamRefusals refusals) {
        this.upstreamSignOut = upstreamSignOut;
        this.refusals = refusals;
        this.upstreams = upstreams;
        this.signIns = signIns;
        this.handler = handler;
        this.rules = rules;
        this.requestCache = requestCache;
    }

    /**
     * The choice of login; skipped when the app accepts one, or names one with {@code idp_hint}. An app that needs a
     * passkey (or a step-up to one) goes to the passkey page instead.
     */
    @GetMapping("/signin")
    public String choose(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        Optional<SignInRequest> pending = SignInRequest.saved(requestCache, request, response);
        SignInOutcome outcome = pending.map(p -> rules.decide(rules.attempt(p, request))).orElse(SignInOutcome.CHOOSE_LOGIN);
        if (outcome instanceof SignInOutcome.StepUp) {
            return "redirect:/signin/passkey";
        }
        if (outcome instanceof SignInOutcome.Refuse refuse) {
            throw new UpstreamSignInException(refuse.reason(), "sign-in refused for this app");
        }
        // Continue or choose: someone signed in already who came here chooses again.
        ClientPolicy app = pending.flatMap(rules::app).orElse(null);
        List<Upstreams.Upstream> offered = rules.offered(app, pending.orElse(null));
        String hint = pending.map(SignInRequest::idpHint).orElse(null);
        // Back from an upstream's refusal, the person chooses again (going straight back would loop).
        Optional<UpstreamRefusals.Refusal> refused = UpstreamRefusals.forPerson(request);
        Optional<Upstreams.Upstream> chosen = refused.isPresent() ? Optional.empty() : offered.size() == 1 ? Optional.of(offered.get(0))
                : offered.stream().filter(u -> u.id().equals(hint)).findFirst();
        if (chosen.isPresent()) {
            return "redirect:/signin/" + chosen.get().id();
        }
        refused.ifPresent(r -> {
            model.addAttribute("refusedError", r.error());
            model.addAttribute("refusedBy", upstreams.find(r.upstreamId()).map(u -> u.login().displayName().in(locale)).orElse(r.upstreamId()));
        });
        model.addAttribute("appName", app == null ? null : app.displayName(locale));
        model.addAttribute("upstreams", offered.stream()
                .map(u -> Map.of("id", u.id(), "name", u.login().displayName().in(locale))).toList());
        return "signin";
    }

    /** Sends the browser to an upstream to sign in. */
    @GetMapping("/signin/{upstreamId}")
    public String start(@PathVariable String upstreamId, HttpServletRequest request, HttpServletResponse response) {
        Optional<SignInRequest> pending = SignInRequest.saved(requestCache, request, response);
        Upstreams.Upstream upstream = rules.offered(pending.orElse(null), upstreamId)
                .orElseThrow(() -> new UpstreamSignInException(Reason.UNKNOWN_UPSTREAM, "upstream not offered"));
        return "redirect:" + signIns.start(upstream, Intent.SIGN_IN, null, pending.map(r -> r.hints(rules.app(r).orElse(null))).orElse(SignInHints.NONE), request);
    }

    @GetMapping("/signin/callback/{upstreamId}")
    public String callback(@PathVariable String upstreamId, @RequestParam Map<String, String> params,
                           HttpServletRequest request, HttpServletResponse response) {
        Upstreams.Upstream upstream = upstreams.find(upstreamId)
                .orElseThrow(() -> new UpstreamSignInException(Reason.UNKNOWN_UPSTREAM, "upstream not enabled"));
        SignIns.Completed done;
        try {
            done = signIns.complete(upstream, params, request);
        } catch (UpstreamSignInException e) {
            if (e.upstreamError() == null) {
                throw e;
            }
            return "redirect:" + refusals.redirectAfter(upstreamId, e, request, response);
        }
        return "redirect:" + handler.onIdentity(done.transaction(), done.identity(), request, response);
    }

    /** Back from ending the session at an upstream, as the broker signs the person out: on to the next one, or onwards. */
    @GetMapping(UpstreamRegistration.SIGNED_OUT_PATH + "{upstreamId}")
    public String signedOut(@PathVariable String upstreamId, @RequestParam(required = false) String state, HttpServletRequest request) {
        return "redirect:" + upstreamSignOut.resume(request, upstreamId, state);
    }
}
