package uk.civicid.broker.signin;

import uk.civicid.broker.account.IdentityAlreadyLinkedException;
import uk.civicid.broker.account.AccountDisabledException;
import uk.civicid.broker.account.AccountResolver;
import uk.civicid.broker.account.Account;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.federation.SignInTransaction;
import uk.civicid.broker.federation.UpstreamIdentity;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.session.BrokerPrincipal;
import uk.civicid.broker.session.BrokerSessions;
import uk.civicid.broker.session.UpstreamSession;

/** Turns a validated upstream identity into a signed-in account, or a new link on the signed-in account. */
@Component
public class FederatedSignIn {

    private final AccountResolver resolver;
    private final BrokerSessions sessions;
    private final RequestCache requestCache;
    private final Audit audit;
    private final UpstreamSignOut upstreamSignOut;

    public FederatedSignIn(AccountResolver resolver, BrokerSessions sessions, RequestCache requestCache, Audit audit,
                           UpstreamSignOut upstreamSignOut) {
        this.upstreamSignOut = upstreamSignOut;
        this.resolver = resolver;
        this.sessions = sessions;
        this.requestCache = requestCache;
        this.audit = audit;
    }

    public String onIdentity(SignInTransaction tx, UpstreamIdentity identity, HttpServletRequest request,
                             HttpServletResponse response) {
        return switch (tx.intent()) {
            case SIGN_IN -> signIn(identity, request, response);
            case LINK -> link(tx, identity);
        };
    }

    private String signIn(UpstreamIdentity identity, HttpServletRequest request, HttpServletResponse response) {
        Account account;
        try {
            account = resolver.signIn(identity);
        } catch (AccountDisabledException e) {
            throw new UpstreamSignInException(UpstreamSignInException.Reason.ACCOUNT_DISABLED, "account disabled", e);
        }
        SavedRequest saved = requestCache.getRequest(request, response);
        String before = BrokerSessions.current().map(BrokerPrincipal::sessionId).orElse(null);
        BrokerPrincipal principal = sessions.signIn(request, response, account.id(), identity.upstreamId(), identity.acr(), identity.amr(),
                new UpstreamSession(identity.upstreamId(), identity.subject(), identity.sessionId()), identity.identity(),
                identity.nhs(), identity.roles());
        upstreamSignOut.remember(request, identity, !principal.sessionId().equals(before));
        audit.record(AuditEventType.SIGN_IN_SUCCEEDED, account.id(), identity.upstreamId());
        if (identity.groupsOverage()) {
            audit.record(AuditEventType.GROUPS_OVERAGE, account.id(), null, identity.upstreamId(), Map.of());
        }
        if (identity.identity() != null && !identity.identity().proved()) {
            audit.record(AuditEventType.IDENTITY_NOT_PROVED, account.id(), null, identity.upstreamId(),
                    Map.of("returnCodes", String.join(" ", identity.identity().returnCodes())));
        }
        if (saved != null) {
            requestCache.removeRequest(request, response);
            return saved.getRedirectUrl();
        }
        return "/account";
    }

    private String link(SignInTransaction tx, UpstreamIdentity identity) {
        // The link must go to the account that asked for it, and that person must still be signed in here.
        BrokerPrincipal current = BrokerSessions.current()
                .filter(p -> p.accountId().equals(tx.accountId()))
                .orElseThrow(() -> new UpstreamSignInException(UpstreamSignInException.Reason.EXPIRED, "link finished by someone else"));
        try {
            resolver.link(current.accountId(), identity);
        } catch (IdentityAlreadyLinkedException e) {
            throw new UpstreamSignInException(UpstreamSignInException.Reason.ALREADY_LINKED, "login linked to another account", e);
        }
        return "/account?linked";
    }
}
