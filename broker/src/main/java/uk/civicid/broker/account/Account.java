package uk.civicid.broker.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A person known to the broker. {@code id} is random and stable: it is the broker's {@code sub} (or the
 * input to a pairwise one). Profile claims are the last ones an upstream reported, kept for userinfo.
 *
 * @param disabledAt when an administrator disabled the account, or null: a disabled account cannot sign in, and its
 *                   tokens do not work
 */
public record Account(String id, Instant createdAt, String name, String email, boolean emailVerified,
                      List<LinkedIdentity> links, Instant disabledAt, String phoneNumber, boolean phoneNumberVerified) {

    public Account {
        links = List.copyOf(links);
    }

    /** An account with no phone number known. */
    public Account(String id, Instant createdAt, String name, String email, boolean emailVerified, List<LinkedIdentity> links,
                   Instant disabledAt) {
        this(id, createdAt, name, email, emailVerified, links, disabledAt, null, false);
    }

    /** A new, enabled account. */
    public Account(String id, Instant createdAt, String name, String email, boolean emailVerified, List<LinkedIdentity> links) {
        this(id, createdAt, name, email, emailVerified, links, null);
    }

    public boolean disabled() {
        return disabledAt != null;
    }

    /** @param at when it was disabled, or null to enable it */
    public Account withDisabledAt(Instant at) {
        return new Account(id, createdAt, name, email, emailVerified, links, at, phoneNumber, phoneNumberVerified);
    }

    public Optional<LinkedIdentity> link(LinkedIdentity.IdentityKey key) {
        return links.stream().filter(l -> l.key().equals(key)).findFirst();
    }

    public Account withLink(LinkedIdentity link) {
        List<LinkedIdentity> next = new ArrayList<>(links);
        next.add(link);
        return new Account(id, createdAt, name, email, emailVerified, next, disabledAt, phoneNumber, phoneNumberVerified);
    }

    public Account withoutLink(LinkedIdentity.IdentityKey key) {
        return new Account(id, createdAt, name, email, emailVerified,
                links.stream().filter(l -> !l.key().equals(key)).toList(), disabledAt, phoneNumber, phoneNumberVerified);
    }

    /** Records a sign-in: refreshes the profile and the link's last use. */
    public Account signedInWith(LinkedIdentity.IdentityKey key, Profile profile, Instant at) {
        List<LinkedIdentity> next = links.stream()
                .map(l -> l.key().equals(key) ? new LinkedIdentity(l.upstreamId(), l.issuer(), l.subject(), l.linkedAt(), at) : l)
                .toList();
        return new Account(id, createdAt, profile.name() != null ? profile.name() : name,
                profile.email() != null ? profile.email() : email,
                profile.email() != null ? profile.emailVerified() : emailVerified, next, disabledAt,
                profile.phoneNumber() != null ? profile.phoneNumber() : phoneNumber,
                profile.phoneNumber() != null ? profile.phoneNumberVerified() : phoneNumberVerified);
    }

    /** Profile claims as an upstream reported them. */
    public record Profile(String name, String email, boolean emailVerified, String phoneNumber, boolean phoneNumberVerified) {
        public Profile(String name, String email, boolean emailVerified) {
            this(name, email, emailVerified, null, false);
        }
    }
}
