package uk.civicid.broker.federation;

/** A logout token from an upstream that fails validation; the message says which rule, for the log and the answer. */
public class LogoutTokenRefused extends RuntimeException {

    public LogoutTokenRefused(String rule) {
        super(rule);
    }

    public LogoutTokenRefused(String rule, Throwable cause) {
        super(rule, cause);
    }
}
