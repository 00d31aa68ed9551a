package uk.civicid.broker.audit;

/** The fixed vocabulary of security events. */
public enum AuditEventType {
    SIGN_IN_SUCCEEDED,
    SIGN_IN_FAILED,
    ACCOUNT_CREATED,
    LOGIN_LINKED,
    LOGIN_LINK_REFUSED,
    LOGIN_UNLINKED,
    SIGNED_OUT,
    BACK_CHANNEL_LOGOUT_FAILED
}
