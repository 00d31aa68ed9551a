package uk.civicid.broker.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.oidc.AuthorizationTokens;
import uk.civicid.broker.store.AppAccessToken;
import uk.civicid.broker.store.AuthorizationRecords;
import uk.civicid.broker.store.AuthorizationVersions;

/**
 * Authorizations in memory, each expiring with its tokens; tokens indexed by hash. The version of a grant a request
 * read is the object itself: a save compares it with what is stored now, for that grant alone, so requests about other
 * grants never wait for it.
 */
public class MemoryAuthorizationRecords implements AuthorizationRecords {

    private final ExpiringMap<String, OAuth2Authorization> byId;
    private final ExpiringMap<String, String> idByToken;
    /** Account id → its authorization ids with their expiry, living as long as the longest-lived of them. Ids only point. */
    private final ExpiringMap<String, Map<String, Instant>> byAccount;
    /** Hash of an app's access token → that token. */
    private final ExpiringMap<String, AppAccessToken> appTokens;

    public MemoryAuthorizationRecords(Clock clock) {
        this.byId = new ExpiringMap<>(clock);
        this.idByToken = new ExpiringMap<>(clock);
        this.byAccount = new ExpiringMap<>(clock);
        this.appTokens = new ExpiringMap<>(clock);
    }

    @Override
    public boolean saveIfUnchanged(OAuth2Authorization authorization, Map<String, String> tokens, String accountId, Instant expiresAt,
                                   Instant now) {
        String id = authorization.getId();
        Duration ttl = Duration.between(now, expiresAt);
        if (!byId.putIf(id, stored -> !AuthorizationVersions.changedSinceRead(id, stored), authorization, ttl)) {
            return false;
        }
        AuthorizationVersions.read(id, authorization); // this request's own write is not a race
        tokens.forEach((type, value) -> idByToken.put(indexKey(type, value), id, ttl));
        if (accountId != null) {
            byAccount.compute(accountId, held -> {
                Map<String, Instant> ids = new HashMap<>(held == null ? Map.of() : held);
                ids.values().removeIf(expiry -> !expiry.isAfter(now));
                ids.put(id, expiresAt);
                return Map.copyOf(ids);
            }, ids -> ids.values().stream().max(Instant::compareTo).orElseThrow());
        }
        return true;
    }

    @Override
    public OAuth2Authorization find(String id) {
        OAuth2Authorization found = byId.get(id).orElse(null);
        if (found != null) {
            AuthorizationVersions.read(id, found);
        }
        return found;
    }

    @Override
    public Optional<String> idOf(String tokenType, String value) {
        return idByToken.get(indexKey(tokenType, value));
    }

    @Override
    public List<String> idsOf(String accountId, Instant now) {
        return byAccount.get(accountId).orElse(Map.of()).entrySet().stream()
                .filter(e -> e.getValue().isAfter(now)).map(Map.Entry::getKey).toList();
    }

    /** Also drops its index entries at once (memory is bounded by what it holds; Redis lets them expire). */
    @Override
    public void delete(OAuth2Authorization authorization) {
        byId.remove(authorization.getId()).ifPresent(removed ->
                AuthorizationTokens.lookupValues(removed).forEach((type, value) -> idByToken.remove(indexKey(type, value))));
    }

    @Override
    public void saveAppToken(String value, AppAccessToken token, Duration ttl) {
        appTokens.put(Sha256.base64Url(value), token, ttl);
    }

    @Override
    public Optional<AppAccessToken> appToken(String value) {
        return appTokens.get(Sha256.base64Url(value));
    }

    @Override
    public void deleteAppToken(String value) {
        appTokens.remove(Sha256.base64Url(value));
    }

    private static String indexKey(String type, String value) {
        return type + ":" + Sha256.base64Url(value);
    }
}
