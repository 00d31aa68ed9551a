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
    BACK_CHANNEL_LOGOUT_FAILED,
    /** A rotated refresh token was presented again: the grant was revoked. */
    REFRESH_TOKEN_REUSED,
    PASSKEY_REGISTERED,
    PASSKEY_REGISTRATION_REFUSED,
    PASSKEY_REMOVED,
    /** A passkey's signature counter went backwards: a cloned authenticator is suspected; the sign-in was refused. */
    PASSKEY_COUNTER_REGRESSION,
    /** A step-up was attempted with a passkey of another account than the one signed in; refused. */
    PASSKEY_OF_ANOTHER_ACCOUNT,
    /** An app required a passkey and the person has none. */
    PASSKEY_REQUIRED_BUT_NONE
}
