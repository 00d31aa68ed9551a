package uk.civicid.broker.account;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where accounts live. Implementations keep an index from each linked identity to its account and keep
 * it consistent with the accounts: an identity is linked to at most one account, checked atomically.
 */
public interface AccountRepository {

    Optional<Account> findById(String id);

    /**
     * The accounts whose verified email address this is (ignoring case). Used only to suggest which passkeys a
     * person may use when an app names them; never to link or merge accounts, so there may be several.
     */
    List<Account> findByVerifiedEmail(String email);

    /** The accounts with this email address, verified or not (ignoring case): for administrators' search only. */
    List<Account> findByEmail(String email);

    Optional<Account> findByIdentity(LinkedIdentity.IdentityKey key);

    /** Stores a new account; fails with {@link IdentityAlreadyLinkedException} if one of its links is taken. */
    Account create(Account account);

    /**
     * Replaces an account with {@code change} applied to its current value (compare-and-set: a concurrent
     * change is retried, never lost). Fails with {@link IdentityAlreadyLinkedException} if the change adds
     * a link that another account holds; empty if the account does not exist.
     */
    Optional<Account> update(String id, UnaryOperator<Account> change);
}
