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
    /** An upstream's back-channel logout ended the broker sessions that came from one of its sessions (details: sessions). */
    UPSTREAM_LOGOUT,
    /** A logout token posted by (or in the name of) an upstream was refused: nothing was ended (details: reason). */
    UPSTREAM_LOGOUT_REFUSED,
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
    PASSKEY_REQUIRED_BUT_NONE,
    /** A verified identity was given to an app, in an ID token or at userinfo (details: claims, their names only). */
    IDENTITY_RELEASED,
    /** An app asked for a verified identity and the upstream could not prove the person's (details: returnCodes). */
    IDENTITY_NOT_PROVED,
    /** An NHS number was given to an app, in an ID token or at userinfo (details: in). */
    NHS_NUMBER_RELEASED,
    /** The GP practice NHS login traced (its ODS code) was given to an app, in an ID token or at userinfo (details: in). */
    GP_REGISTRATION_RELEASED,
    /** A sign-in's broker roles were given to an app, in an ID token or at userinfo (details: roles, in). */
    ROLES_RELEASED,
    /** Entra ID had too many groups for its token (group overage): the person signed in without roles from groups. */
    GROUPS_OVERAGE,

    // Admin changes (Audit.recordChange): accountId is who made the change; details carry "target", and
    // "before"/"after" as JSON (never a secret). Made through the admin API or RFC 7591/7592 registration.
    APP_REGISTERED,
    APP_CHANGED,
    APP_SECRET_ROTATED,
    APP_DISABLED,
    APP_ENABLED,
    APP_DELETED,
    INITIAL_ACCESS_TOKEN_ISSUED,
    UPSTREAM_ADDED,
    UPSTREAM_CHANGED,
    UPSTREAM_DISABLED,
    UPSTREAM_ENABLED,
    ACCOUNT_DISABLED,
    ACCOUNT_ENABLED,
    /** An administrator ended every session of a person and revoked their tokens. */
    ACCOUNT_SESSIONS_REVOKED,
    /** An administrator revoked one of a person's passkeys. */
    PASSKEY_REVOKED,
    SIGNING_KEY_ROTATED,
    /** An administrator rotated the broker's client keys for upstreams (private_key_jwt). */
    UPSTREAM_CLIENT_KEY_ROTATED
}
