package uk.civicid.broker.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.federation.UpstreamIdentity;
import uk.civicid.broker.session.BrokerSessions;

/**
 * The account rules. A sign-in finds the account its upstream identity (issuer + subject) is linked to,
 * or creates one. Linking is always an explicit act of a signed-in person: accounts are never merged
 * because two upstreams report the same email address.
 */
@Component
public class AccountResolver {

    private final AccountRepository accounts;
    private final Audit audit;
    private final Clock clock;

    public AccountResolver(AccountRepository accounts, Audit audit, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** Fails with {@link AccountDisabledException} when the account is disabled (and records nothing of the sign-in). */
    public Account signIn(UpstreamIdentity identity) {
        Instant now = clock.instant();
        return accounts.findByIdentity(key(identity))
                .flatMap(found -> accounts.update(found.id(), a -> {
                    if (a.disabled()) {
                        throw new AccountDisabledException();
                    }
                    return a.signedInWith(key(identity), profile(identity), now);
                }))
                .orElseGet(() -> create(identity, now));
    }

    private Account create(UpstreamIdentity identity, Instant now) {
        LinkedIdentity link = new LinkedIdentity(identity.upstreamId(), identity.issuer(), identity.subject(), now, now);
        try {
            UpstreamIdentity.Profile profile = identity.profile();
            Account account = accounts.create(new Account(BrokerSessions.randomId(), now, profile.name(), profile.email(),
                    profile.emailVerified(), List.of(link), null, profile.phoneNumber(), profile.phoneNumberVerified()));
            audit.record(AuditEventType.ACCOUNT_CREATED, account.id(), identity.upstreamId());
            return account;
        } catch (IdentityAlreadyLinkedException raced) {
            // Two first sign-ins of the same person at once: the other one created the account.
            return accounts.findByIdentity(key(identity)).orElseThrow(() -> raced);
        }
    }

    /** Links another login to a signed-in person's account. */
    public Account link(String accountId, UpstreamIdentity identity) {
        Instant now = clock.instant();
        try {
            Account account = accounts.update(accountId, a -> a.link(key(identity)).isPresent() ? a
                    : a.withLink(new LinkedIdentity(identity.upstreamId(), identity.issuer(), identity.subject(), now, now)))
                    .orElseThrow(() -> new IllegalStateException("signed-in account does not exist"));
            audit.record(AuditEventType.LOGIN_LINKED, accountId, identity.upstreamId());
            return account;
        } catch (IdentityAlreadyLinkedException e) {
            audit.record(AuditEventType.LOGIN_LINK_REFUSED, accountId, identity.upstreamId());
            throw e;
        }
    }

    /** Unlinks a login; refused for the last one, which would leave the account unreachable. */
    public boolean unlink(String accountId, LinkedIdentity.IdentityKey key) {
        boolean[] removed = {false};
        accounts.update(accountId, a -> {
            removed[0] = a.links().size() > 1 && a.link(key).isPresent();
            return removed[0] ? a.withoutLink(key) : a;
        });
        if (removed[0]) {
            audit.record(AuditEventType.LOGIN_UNLINKED, accountId, null);
        }
        return removed[0];
    }

    private static LinkedIdentity.IdentityKey key(UpstreamIdentity identity) {
        return new LinkedIdentity.IdentityKey(identity.issuer(), identity.subject());
    }

    private static Account.Profile profile(UpstreamIdentity identity) {
        UpstreamIdentity.Profile profile = identity.profile();
        return new Account.Profile(profile.name(), profile.email(), profile.emailVerified(), profile.phoneNumber(), profile.phoneNumberVerified());
    }
}
