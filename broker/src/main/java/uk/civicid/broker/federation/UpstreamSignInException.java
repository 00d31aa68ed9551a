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

    /** The upstream's errors at the callback that the person or the app can act on, rather than a fault of the broker's. */
    private static final java.util.Set<String> ACTIONABLE = java.util.Set.of("access_denied", "temporarily_unavailable", "login_required");

    private final Reason reason;
    private final String upstreamError;

    public UpstreamSignInException(Reason reason, String detail) {
        this(reason, detail, (Throwable) null);
    }

    public UpstreamSignInException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
        this.upstreamError = null;
    }

    private UpstreamSignInException(Reason reason, String detail, String upstreamError) {
        super(detail);
        this.reason = reason;
        this.upstreamError = upstreamError;
    }

    /** The upstream answered the callback with an OAuth error (RFC 6749 §4.1.2.1) instead of a code. */
    public static UpstreamSignInException answered(String error) {
        String code = error != null && error.matches("[a-z_]{1,40}") ? error : "(not an error code)"; // it goes to the log
        return new UpstreamSignInException("temporarily_unavailable".equals(code) ? Reason.UPSTREAM_UNAVAILABLE : Reason.UPSTREAM_DENIED,
                "upstream returned error " + code, ACTIONABLE.contains(code) ? code : null);
    }

    public Reason reason() {
        return reason;
    }

    /**
     * The upstream's error when it is one the person or the app acts on ({@code access_denied}: they cancelled or were
     * refused, {@code temporarily_unavailable}, {@code login_required}); null for any other failure.
     */
    public String upstreamError() {
        return upstreamError;
    }
}
