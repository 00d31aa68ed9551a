package uk.civicid.broker.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * What a store does with authorizations, in its own primitives: the memory and Redis stores implement this, and
 * {@link StoredAuthorizations} holds the one algorithm over it (how a token finds its grant, what is saved when). Every
 * write carries its expiry.
 */
public interface AuthorizationRecords {

    /**
     * Saves a person's grant unless another request saved it since this one read it (its version is in
     * {@link AuthorizationVersions}), and points each of its token values, and its account (null: an app's own grant
     * with no person), at it until {@code expiresAt}.
     *
     * @param tokens token type → value, as {@code AuthorizationTokens.lookupValues} gives them
     * @return false when another request saved it first
     */
    boolean saveIfUnchanged(OAuth2Authorization authorization, Map<String, String> tokens, String accountId, Instant expiresAt, Instant now);

    /** The grant with this id, remembering the version read for {@link #saveIfUnchanged}; null if none (or its app is gone). */
    OAuth2Authorization find(String id);

    /** The grant a token value of this type was issued in, if the index still points at one: the caller confirms the value. */
    Optional<String> idOf(String tokenType, String value);

    /** The ids of an account's grants whose index entry has not expired. */
    List<String> idsOf(String accountId, Instant now);

    void delete(OAuth2Authorization authorization);

    void saveAppToken(String value, AppAccessToken token, Duration ttl);

    Optional<AppAccessToken> appToken(String value);

    void deleteAppToken(String value);
}
