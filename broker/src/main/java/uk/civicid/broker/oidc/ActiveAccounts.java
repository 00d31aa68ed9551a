package uk.civicid.broker.oidc;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.oidc.AuthorizationTokens;

/**
 * A disabled account's tokens do not work: an authorization of a disabled account is not found by its tokens, so its
 * code and refresh token get {@code invalid_grant}, and introspection and userinfo treat its access token as inactive.
 * Disabling also removes the authorizations (see AccountSignOut); this closes the gap for one being issued meanwhile.
 */
public final class ActiveAccounts extends AuthorizationLookupRule {

    private final AccountRepository accounts;

    public ActiveAccounts(OAuth2AuthorizationService store, AccountRepository accounts) {
        super(store);
        this.accounts = accounts;
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        OAuth2Authorization found = store.findByToken(token, tokenType);
        // An app's own (client_credentials) authorization names no account: no store read for it on the token path.
        return found == null || AuthorizationTokens.ofPerson(found)
                && accounts.findById(found.getPrincipalName()).filter(Account::disabled).isPresent() ? null : found;
    }
}
