package uk.civicid.broker.web;

import uk.civicid.broker.account.LinkedIdentity;
import uk.civicid.broker.account.AccountResolver;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.account.Account;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.civicid.broker.federation.SignInHints;
import uk.civicid.broker.federation.SignInTransaction.Intent;
import uk.civicid.broker.federation.SignIns;
import uk.civicid.broker.passkey.AccountPasskeys;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.federation.Upstreams;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.session.BrokerSessions;

/** The account page: the logins linked to a person's account; link another, unlink one. */
@Controller
public class AccountController {

    private final AccountRepository accounts;
    private final AccountResolver resolver;
    private final Upstreams upstreams;
    private final SignIns signIns;
    private final AccountPasskeys passkeys;

    public AccountController(AccountRepository accounts, AccountResolver resolver, Upstreams upstreams, SignIns signIns,
                             AccountPasskeys passkeys) {
        this.passkeys = passkeys;
        this.accounts = accounts;
        this.resolver = resolver;
        this.upstreams = upstreams;
        this.signIns = signIns;
    }

    @GetMapping("/account")
    public String show(Model model, Locale locale) {
        Account account = signedInAccount();
        Set<String> linkedUpstreams = account.links().stream().map(LinkedIdentity::upstreamId).collect(Collectors.toSet());
        model.addAttribute("account", account);
        model.addAttribute("links", account.links().stream().map(l -> Map.of(
                "upstreamName", upstreams.find(l.upstreamId()).map(u -> u.login().displayName().in(locale)).orElse(l.upstreamId()),
                "issuer", l.issuer(), "subject", l.subject(),
                "linkedAt", l.linkedAt(), "lastUsedAt", l.lastUsedAt())).toList());
        model.addAttribute("canUnlink", account.links().size() > 1);
        model.addAttribute("passkeys", passkeys.of(account.id()).stream().map(p -> Map.of(
                "id", p.getCredentialId().toBase64UrlString(),
                "label", p.getLabel() == null || p.getLabel().isBlank() ? "Passkey" : p.getLabel(),
                "created", p.getCreated(), "lastUsed", p.getLastUsed())).toList());
        model.addAttribute("linkable", upstreams.all().stream().filter(u -> !linkedUpstreams.contains(u.id()))
                .map(u -> Map.of("id", u.id(), "name", u.login().displayName().in(locale))).toList());
        return "account";
    }

    @PostMapping("/account/link")
    public String link(@RequestParam String upstream, HttpServletRequest request) {
        BrokerPrincipal principal = BrokerSessions.current().orElseThrow();
        Upstreams.Upstream target = upstreams.find(upstream)
                .orElseThrow(() -> new UpstreamSignInException(UpstreamSignInException.Reason.UNKNOWN_UPSTREAM, "no such upstream"));
        return "redirect:" + signIns.start(target, Intent.LINK, principal.accountId(), SignInHints.NONE, request);
    }

    @PostMapping("/account/unlink")
    public String unlink(@RequestParam String issuer, @RequestParam String subject) {
        boolean removed = resolver.unlink(signedInAccount().id(), new LinkedIdentity.IdentityKey(issuer, subject));
        return removed ? "redirect:/account?unlinked" : "redirect:/account?unlinkRefused";
    }

    private Account signedInAccount() {
        String id = BrokerSessions.current().orElseThrow().accountId();
        return accounts.findById(id).orElseThrow(() -> new IllegalStateException("signed-in account missing"));
    }
}
