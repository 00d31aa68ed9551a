package uk.civicid.broker.account;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * People as administrators find and manage them: search by one of their logins or by email address (verified or not:
 * an administrator is looking, not linking), and disable or enable an account. Disabling ends whatever the account is
 * signed in to (see {@link AccountDisabled}); while disabled it cannot sign in and its tokens do not work.
 */
@Component
public class People {

    /** An account before and after a change. */
    public record Changed(Account before, Account after) {}

    private final AccountRepository accounts;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public People(AccountRepository accounts, ApplicationEventPublisher events, Clock clock) {
        this.accounts = accounts;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param issuerOf the issuer of an upstream id, if there is such an upstream
     * @param query    {@code upstream-id:subject} (a login, when the part before the colon is an upstream) or an email address
     */
    public List<Account> search(String query, Function<String, Optional<String>> issuerOf) {
        String q = query.trim();
        int colon = q.indexOf(':');
        if (colon > 0) {
            Optional<String> issuer = issuerOf.apply(q.substring(0, colon));
            if (issuer.isPresent()) {
                return accounts.findByIdentity(new LinkedIdentity.IdentityKey(issuer.get(), q.substring(colon + 1))).stream().toList();
            }
        }
        return accounts.findByEmail(q);
    }

    public Optional<Account> find(String id) {
        return accounts.findById(id);
    }

    public Optional<Changed> disable(String id) {
        Optional<Changed> changed = change(id, a -> a.disabled() ? a : a.withDisabledAt(clock.instant()));
        changed.ifPresent(c -> events.publishEvent(new AccountDisabled(id)));
        return changed;
    }

    public Optional<Changed> enable(String id) {
        return change(id, a -> a.withDisabledAt(null));
    }

    private Optional<Changed> change(String id, java.util.function.UnaryOperator<Account> change) {
        Account[] before = new Account[1];
        return accounts.update(id, a -> {
            before[0] = a;
            return change.apply(a);
        }).map(after -> new Changed(before[0], after));
    }
}
