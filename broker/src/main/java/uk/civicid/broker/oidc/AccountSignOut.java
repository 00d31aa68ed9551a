package uk.civicid.broker.oidc;

import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.stereotype.Component;
import uk.civicid.broker.account.AccountDisabled;
import uk.civicid.broker.session.BrokerSessions;

/**
 * Signs a person out everywhere: ends every broker session of theirs (each app of each session gets a back-channel
 * logout) and removes every authorization they hold, so no code, access token (at introspection and userinfo) or refresh
 * token of theirs works any more. Done when an administrator asks, and when an account is disabled.
 */
@Component
public class AccountSignOut {

    /** What was ended. */
    public record Result(int sessionsEnded, int authorizationsRevoked) {}

    private final BrokerSessions sessions;
    private final AccountAuthorizations held;
    private final OAuth2AuthorizationService authorizations;

    public AccountSignOut(BrokerSessions sessions, AccountAuthorizations held, OAuth2AuthorizationService authorizations) {
        this.sessions = sessions;
        this.held = held;
        this.authorizations = authorizations;
    }

    public Result everywhere(String accountId) {
        // Read first: ending the sessions already removes the grants made in them (EndedSessionTokens).
        var grants = held.findByAccount(accountId);
        int ended = sessions.endAll(accountId);
        grants.forEach(authorizations::remove);
        return new Result(ended, grants.size());
    }

    @EventListener
    public void onAccountDisabled(AccountDisabled disabled) {
        everywhere(disabled.accountId());
    }
}
