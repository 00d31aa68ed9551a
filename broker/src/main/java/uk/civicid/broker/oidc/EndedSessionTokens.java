package uk.civicid.broker.oidc;

import java.security.Principal;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.stereotype.Component;
import uk.civicid.broker.session.BrokerAuthentication;
import uk.civicid.broker.session.BrokerSessionEnded;

/**
 * When a broker session ends (signing out at an app or at the broker, the upstream's back-channel logout, another
 * person signing in on the same browser, an administrator), the grants made in it end too: their codes, access
 * tokens (at introspection and userinfo) and refresh tokens stop working at once, on every node.
 */
@Component
public class EndedSessionTokens {

    private final AccountAuthorizations held;
    private final OAuth2AuthorizationService authorizations;

    public EndedSessionTokens(AccountAuthorizations held, OAuth2AuthorizationService authorizations) {
        this.held = held;
        this.authorizations = authorizations;
    }

    @EventListener
    public void onSessionEnded(BrokerSessionEnded ended) {
        for (OAuth2Authorization authorization : held.findByAccount(ended.session().accountId())) {
            if (authorization.getAttribute(Principal.class.getName()) instanceof BrokerAuthentication person
                    && ended.session().id().equals(person.getPrincipal().sessionId())) {
                authorizations.remove(authorization);
            }
        }
    }
}
