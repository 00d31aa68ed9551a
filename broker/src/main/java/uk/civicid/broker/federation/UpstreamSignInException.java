package uk.civicid.broker.federation;

/**
 * A federated sign-in that cannot go on. The reason picks the page the person sees and what it tells
 * them to do next; the detail is for the log only (never shown, never containing tokens or claims).
 */
public class UpstreamSignInException extends RuntimeException {

    public enum Reason {
        /** The upstream could not be reached or answered badly: try again later or another login. */
        UPSTREAM_UNAVAILABLE,
        /** The person cancelled at the upstream, or it refused them. */
        UPSTREAM_DENIED,
        /** The upstream's answer failed validation: treated as an attack, the person starts again. */
        INVALID_RESPONSE,
        /** The sign-in link was used already, expired, or started in another browser. */
        EXPIRED,
        /** The login is linked to another CivicID account. */
        ALREADY_LINKED,
        /** The requested login does not exist or this app does not accept it. */
        UNKNOWN_UPSTREAM,
        /** An administrator disabled the person's account: they are to contact the council. */
        ACCOUNT_DISABLED,
        /** The person's organisation (an Entra ID tenant) is not one whose people may sign in here: they are to ask the council. */
        TENANT_NOT_ALLOWED,
        /** The app needs a verified identity, and the upstream could not prove the person's: the app says what next. */
        IDENTITY_NOT_PROVED
    }

    private final Reason reason;

    public UpstreamSignInException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public UpstreamSignInException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
