package uk.civicid.broker.store.redis;

import uk.civicid.broker.Sha256;
import uk.civicid.broker.account.LinkedIdentity;

/**
 * Every key the broker writes to Redis, in one place. All start with the configured prefix
 * ({@code civicid.store.key-prefix}, default {@code civicid:}).
 *
 * <pre>
 * key                                          type    expiry                       what
 * session:sessions:{id}                        hash    idle timeout (Spring Session) browser sessions
 * signin:{sha256(state)}                       string  sign-in timeout               sign-in transaction, consumed by GETDEL
 * broker-session:{id}                          hash    SSO max lifetime              SSO session; fields id, account, started, app:{client}
 * broker-sessions-of:{account id}              zset    its last session's expiry      the account's session ids, scored by expiry
 * {accounts}:account:{id}                      string  none (one per person)         account JSON with its linked logins
 * {accounts}:identity:{sha256(iss \n sub)}     string  none (one per link)           linked login → account id
 * {accounts}:email:{sha256(lower-case email)}  set     none (one per address)        accounts that had this email (checked on read)
 * signing-keys                                 string  none                          signing keys JSON, private parts AES-GCM encrypted
 * authorization:{id}                           string  its last token's expiry        an authorization (codes, tokens) as JSON
 * authorization-token:{type}:{sha256(value)}   string  as its authorization          token → authorization id
 * authorizations-of:{account id}               zset    its last authorization's expiry the account's authorization ids, scored by expiry
 * consent:{client}:{person}                    string  none (one per person and app)  granted scopes
 * {apps}:app:{client id}                       string  none (until deleted)          an app registered at run time, as JSON
 * {apps}:index                                 set     none                          the client ids of registered apps
 * initial-access-token:{sha256(token)}         string  as the token (given at issue)  who issued an RFC 7591 initial access token; GETDEL on use
 * client-assertion:{sha256(client \n jti)}     string  the assertion's exp (+ skew)   a used private_key_jwt assertion id; SET NX
 * audit                                        stream  trimmed to civicid.store.audit-retention   audit events
 * {passkeys}:credential:{credential id}        string  none (until removed)           a passkey (public key, counter, flags) as JSON
 * {passkeys}:account-credentials:{user handle} set     none                          the credential ids of one person
 * {passkeys}:user:{user handle}                string  none                          the WebAuthn user entity (name = account id)
 * {passkeys}:user-name:{account id}            string  none                          account id → user handle
 * {upstreams}:upstreams                        hash    none (one field per upstream)  upstreams added through the admin API, JSON; secrets AES-GCM encrypted
 * {upstreams}:generation                       string  none                          counter moved by every upstream change
 * </pre>
 * Secret values (state, tokens, codes) appear in keys only as SHA-256 hashes. The accounts' keys share the
 * hash tag {@code {accounts}}, the passkeys' share {@code {passkeys}}, the apps' {@code {apps}} and the upstreams'
 * {@code {upstreams}}, so each multi-key change is one atomic
 * script on one Redis Cluster slot; every other operation touches one key.
 */
public final class RedisKeys {

    private final String prefix;

    public RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** Spring Session's namespace; it appends {@code :sessions:{id}}. */
    public String browserSessionNamespace() {
        return prefix + "session";
    }

    public String signInTransaction(String state) {
        return prefix + "signin:" + Sha256.base64Url(state);
    }

    public String brokerSession(String id) {
        return prefix + "broker-session:" + id;
    }

    public String brokerSessionsOf(String accountId) {
        return prefix + "broker-sessions-of:" + accountId;
    }

    /** The broker sessions that came from an upstream session, by its sid or by the person's sub there ({@code kind}). */
    public String brokerSessionsFromUpstream(String upstreamId, String kind, String value) {
        return prefix + "broker-sessions-from:" + upstreamId + ":" + kind + ":" + Sha256.base64Url(value);
    }

    public String logoutToken(String upstreamId, String jti) {
        return prefix + "logout-token:" + upstreamId + ":" + Sha256.base64Url(jti);
    }

    public String authorizationsOf(String accountId) {
        return prefix + "authorizations-of:" + accountId;
    }

    public String account(String id) {
        return prefix + "{accounts}:account:" + id;
    }

    public String identity(LinkedIdentity.IdentityKey key) {
        return prefix + "{accounts}:identity:" + Sha256.base64Url(key.issuer() + "\n" + key.subject());
    }

    public String accountsByEmail(String email) {
        return prefix + "{accounts}:email:" + Sha256.base64Url(email.toLowerCase(java.util.Locale.ROOT));
    }

    public String signingKeys() {
        return prefix + "signing-keys";
    }

    public String upstreamClientKeys() {
        return prefix + "upstream-client-keys";
    }

    public String authorization(String id) {
        return prefix + "authorization:" + id;
    }

    public String authorizationToken(String type, String value) {
        return prefix + "authorization-token:" + type + ":" + Sha256.base64Url(value);
    }

    public String appAccessToken(String value) {
        return prefix + "app-access-token:" + Sha256.base64Url(value);
    }

    public String consent(String registeredClientId, String principalName) {
        return prefix + "consent:" + registeredClientId + ":" + principalName;
    }

    public String app(String clientId) {
        return prefix + "{apps}:app:" + clientId;
    }

    public String appIndex() {
        return prefix + "{apps}:index";
    }

    public String initialAccessToken(String token) {
        return prefix + "initial-access-token:" + Sha256.base64Url(token);
    }

    public String clientAssertion(String clientId, String jti) {
        return prefix + "client-assertion:" + Sha256.base64Url(clientId + "\n" + jti);
    }

    public String passkey(String credentialId) {
        return prefix + "{passkeys}:credential:" + credentialId;
    }

    public String passkeysOf(String userHandle) {
        return prefix + "{passkeys}:account-credentials:" + userHandle;
    }

    public String passkeyUser(String userHandle) {
        return prefix + "{passkeys}:user:" + userHandle;
    }

    public String passkeyUserByName(String accountId) {
        return prefix + "{passkeys}:user-name:" + accountId;
    }

    public String upstreams() {
        return prefix + "{upstreams}:upstreams";
    }

    public String upstreamGeneration() {
        return prefix + "{upstreams}:generation";
    }

    public String audit() {
        return prefix + "audit";
    }
}
