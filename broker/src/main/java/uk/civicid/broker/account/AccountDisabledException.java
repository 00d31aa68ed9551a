package uk.civicid.broker.account;

/** A disabled account tried to sign in: the person is told to contact the council. */
public class AccountDisabledException extends RuntimeException {
    public AccountDisabledException() {
        super("account disabled");
    }
}
