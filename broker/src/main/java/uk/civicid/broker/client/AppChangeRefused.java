package uk.civicid.broker.client;

/** A change to an app that {@link Apps} refused for a reason other than its metadata; each front end words it its own way. */
public class AppChangeRefused extends RuntimeException {

    public enum Reason {
        /** No such app (or, to a registration access token, none this token may see). */
        NOT_FOUND,
        /** The app is configured under civicid.clients: read-only at run time. */
        CONFIGURED,
        /** The app authenticates without a client secret, so has none to rotate. */
        NO_SECRET,
        /** An initial or registration access token that is unknown, expired, used or for another app. */
        INVALID_TOKEN
    }

    private final Reason reason;

    public AppChangeRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
