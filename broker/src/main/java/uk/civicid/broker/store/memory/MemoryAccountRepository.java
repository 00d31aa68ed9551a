package uk.civicid.broker.store.memory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.account.IdentityAlreadyLinkedException;
import uk.civicid.broker.account.LinkedIdentity;
import uk.civicid.broker.account.LinkedIdentity.IdentityKey;

/** Accounts in memory; one lock keeps accounts and the identity index consistent. */
public class MemoryAccountRepository implements AccountRepository {

    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<IdentityKey, String> byIdentity = new HashMap<>();

    @Override
    public synchronized Optional<Account> findById(String id) {
        return Optional.ofNullable(accounts.get(id));
    }

    @Override
    public synchronized List<Account> findByVerifiedEmail(String email) {
        return accounts.values().stream().filter(a -> a.emailVerified() && email.equalsIgnoreCase(a.email())).toList();
    }

    @Override
    public synchronized List<Account> findByEmail(String email) {
        return accounts.values().stream().filter(a -> email.equalsIgnoreCase(a.email())).toList();
    }

    @Override
    public synchronized Optional<Account> findByIdentity(IdentityKey key) {
        return Optional.ofNullable(byIdentity.get(key)).map(accounts::get);
    }

    @Override
    public synchronized Account create(Account account) {
        if (accounts.containsKey(account.id())) {
            throw new IllegalStateException("account id collision");
        }
        checkLinksFree(account, null);
        accounts.put(account.id(), account);
        account.links().forEach(l -> byIdentity.put(l.key(), account.id()));
        return account;
    }

    @Override
    public synchronized Optional<Account> update(String id, UnaryOperator<Account> change) {
        Account current = accounts.get(id);
        if (current == null) {
            return Optional.empty();
        }
        Account next = change.apply(current);
        checkLinksFree(next, id);
        current.links().forEach(l -> byIdentity.remove(l.key()));
        next.links().forEach(l -> byIdentity.put(l.key(), id));
        accounts.put(id, next);
        return Optional.of(next);
    }

    private void checkLinksFree(Account account, String owner) {
        for (LinkedIdentity link : account.links()) {
            String holder = byIdentity.get(link.key());
            if (holder != null && !holder.equals(owner)) {
                throw new IdentityAlreadyLinkedException();
            }
        }
    }
}
