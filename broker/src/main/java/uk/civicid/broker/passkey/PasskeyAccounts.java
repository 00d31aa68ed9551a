package uk.civicid.broker.passkey;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import uk.civicid.broker.account.AccountRepository;

/**
 * The framework's passkey sign-in looks the person up by the passkey's user name, which is the account id;
 * an account that no longer exists cannot sign in with a passkey. There are no passwords.
 */
public final class PasskeyAccounts implements UserDetailsService {

    private final AccountRepository accounts;

    public PasskeyAccounts(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String accountId) {
        return accounts.findById(accountId)
                .map(account -> User.withUsername(account.id()).password("").authorities(java.util.List.of()).build())
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }
}
