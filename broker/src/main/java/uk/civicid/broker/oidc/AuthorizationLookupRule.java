package uk.civicid.broker.oidc;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

/**
 * The store's authorizations with one rule added to their lookup by token (the framework's only way in from a
 * presented code or token); saving, removing and finding by id go to the store unchanged. Rules chain:
 * each wraps the next.
 */
abstract class AuthorizationLookupRule implements OAuth2AuthorizationService {

    protected final OAuth2AuthorizationService store;

    AuthorizationLookupRule(OAuth2AuthorizationService store) {
        this.store = store;
    }

    @Override
    public final void save(OAuth2Authorization authorization) {
        store.save(authorization);
    }

    @Override
    public final void remove(OAuth2Authorization authorization) {
        store.remove(authorization);
    }

    @Override
    public final OAuth2Authorization findById(String id) {
        return store.findById(id);
    }
}
