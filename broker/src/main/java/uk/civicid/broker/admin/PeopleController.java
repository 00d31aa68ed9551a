package uk.civicid.broker.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.People;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.federation.RegisteredUpstreams;
import uk.civicid.broker.oidc.AccountSignOut;
import uk.civicid.broker.passkey.AccountPasskeys;

/** People: search, view with their logins and passkeys, disable and enable, sign out everywhere, revoke a passkey. */
@RestController
@RequestMapping(AdminApiConfiguration.BASE + "/people")
public class PeopleController {

    private final People people;
    private final RegisteredUpstreams upstreams;
    private final AccountPasskeys passkeys;
    private final AccountSignOut signOut;
    private final Audit audit;

    public PeopleController(People people, RegisteredUpstreams upstreams, AccountPasskeys passkeys, AccountSignOut signOut,
                            Audit audit) {
        this.people = people;
        this.upstreams = upstreams;
        this.passkeys = passkeys;
        this.signOut = signOut;
        this.audit = audit;
    }

    @GetMapping
    public Map<String, Object> search(AdminCaller caller, @RequestParam(required = false) String q) {
        caller.requireAdministrator();
        if (q == null || q.isBlank()) {
            throw AdminProblem.invalid("q", "give an email address, or a login as upstream-id:subject");
        }
        List<Account> found = people.search(q, id -> upstreams.find(id).map(u -> u.settings().issuer().toString()));
        return Map.of("people", found.stream().map(PeopleController::summary).toList());
    }

    @GetMapping("/{id}")
    public Map<String, Object> get(AdminCaller caller, @PathVariable String id) {
        caller.requireAdministrator();
        return detail(people.find(id).orElseThrow(() -> notFound(id)));
    }

    @PostMapping("/{id}/disable")
    public Map<String, Object> disable(AdminCaller caller, @PathVariable String id) {
        caller.requireAdministrator();
        return audited(AuditEventType.ACCOUNT_DISABLED, caller, id, people.disable(id));
    }

    @PostMapping("/{id}/enable")
    public Map<String, Object> enable(AdminCaller caller, @PathVariable String id) {
        caller.requireAdministrator();
        return audited(AuditEventType.ACCOUNT_ENABLED, caller, id, people.enable(id));
    }

    @PostMapping("/{id}/revoke-sessions")
    public Map<String, Object> revokeSessions(AdminCaller caller, @PathVariable String id) {
        caller.requireAdministrator();
        people.find(id).orElseThrow(() -> notFound(id));
        AccountSignOut.Result result = signOut.everywhere(id);
        Map<String, Object> view = Map.of("sessions_ended", result.sessionsEnded(), "authorizations_revoked", result.authorizationsRevoked());
        audit.recordChange(AuditEventType.ACCOUNT_SESSIONS_REVOKED, caller.accountId(), null, null, id, null, view);
        return view;
    }

    @DeleteMapping("/{id}/passkeys/{passkeyId}")
    public ResponseEntity<Void> revokePasskey(AdminCaller caller, @PathVariable String id, @PathVariable String passkeyId) {
        caller.requireAdministrator();
        people.find(id).orElseThrow(() -> notFound(id));
        if (!passkeys.revoke(id, passkeyId)) {
            throw AdminProblem.notFound("passkey '" + passkeyId + "' of this person");
        }
        audit.recordChange(AuditEventType.PASSKEY_REVOKED, caller.accountId(), null, null, id, Map.of("passkey", passkeyId), null);
        return ResponseEntity.noContent().build();
    }

    /** Audited with the account's state only: the audit log never holds names or email addresses. */
    private Map<String, Object> audited(AuditEventType type, AdminCaller caller, String id, Optional<People.Changed> changed) {
        People.Changed done = changed.orElseThrow(() -> notFound(id));
        audit.recordChange(type, caller.accountId(), null, null, id, Map.of("disabled", done.before().disabled()), Map.of("disabled", done.after().disabled()));
        return detail(done.after());
    }

    static Map<String, Object> summary(Account account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", account.id());
        view.put("name", account.name());
        view.put("email", account.email());
        view.put("disabled", account.disabled());
        view.put("created_at", account.createdAt().toString());
        return view;
    }

    private Map<String, Object> detail(Account account) {
        Map<String, Object> view = summary(account);
        view.put("email_verified", account.emailVerified());
        view.put("links", account.links().stream().map(link -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("upstream_id", link.upstreamId());
            l.put("subject", link.subject());
            l.put("linked_at", link.linkedAt().toString());
            l.put("last_used_at", link.lastUsedAt() == null ? null : link.lastUsedAt().toString());
            return l;
        }).toList());
        view.put("passkeys", passkeys.of(account.id()).stream().map(p -> {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("id", p.getCredentialId().toBase64UrlString());
            k.put("label", p.getLabel());
            k.put("created_at", p.getCreated() == null ? null : p.getCreated().toString());
            k.put("last_used_at", p.getLastUsed() == null ? null : p.getLastUsed().toString());
            return k;
        }).toList());
        return view;
    }

    private static AdminProblem notFound(String id) {
        return AdminProblem.notFound("person '" + id + "'");
    }
}
