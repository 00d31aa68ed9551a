package uk.civicid.broker.account;

/** An upstream identity is already linked to another account; the broker never merges accounts silently. */
public class IdentityAlreadyLinkedException extends RuntimeException {
    public IdentityAlreadyLinkedException() {
        super("identity already linked to another account");
    }
}
