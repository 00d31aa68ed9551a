package uk.civicid.broker.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.oidc.AccountAuthorizations;
import uk.civicid.broker.store.AppAccessToken;
import uk.civicid.broker.oidc.AuthorizationTokens;
import uk.civicid.broker.store.AuthorizationVersions;

/**
 * Authorizations in memory. Unlike the framework's in-memory service, finished authorizations expire with
 * their tokens, and tokens are indexed by hash. An app's own tokens (client_credentials) are kept as
 * {@link AppAccessToken}s.
 */
public class MemoryAuthorizationService implements OAuth2AuthorizationService, AccountAuthorizations {

    private final ExpiringMap<String, OAuth2Authorization> byId;
    private final ExpiringMap<String, String> idByToken;
    /** Account id → its authorization ids, living as long as the longest-lived of them. Ids only point. */
    private final ExpiringMap<String, Map<String, Instant>> byAccount;
    /** Hash of an app's access token → that token. */
    private final ExpiringMap<String, AppAccessToken> appTokens;
    private final RegisteredClientRepository clients;
    private final Clock clock;

    public MemoryAuthorizationService(Clock clock, RegisteredClientRepository clients) {
        this.byId = new ExpiringMap<>(clock);
        this.idByToken = new ExpiringMap<>(clock);
        this.byAccount = new ExpiringMap<>(clock);
        this.appTokens = new ExpiringMap<>(clock);
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        Instant now = clock.instant();
        Duration ttl = Duration.between(now, AuthorizationTokens.keepUntil(authorization, now));
        if (ttl.isNegative() || ttl.isZero()) {
            remove(authorization);
            return;
        }
        Optional<AppAccessToken> appToken = AppAccessToken.of(authorization);
        if (appToken.isPresent()) {
            appTokens.put(Sha256.base64Url(AppAccessToken.value(authorization)), appToken.get(), ttl);
        } else {
            saveGrant(authorization, now, ttl);
        }
    }

    /**
     * A person's grant, which another request may change (rotating its refresh token) between this one's read and
     * save: a compare-and-set on that authorization alone, so requests about other grants never wait for it.
     */
    private void saveGrant(OAuth2Authorization authorization, Instant now, Duration ttl) {
        String id = authorization.getId();
        if (!byId.putIf(id, stored -> !AuthorizationVersions.changedSinceRead(id, stored), authorization, ttl)) {
            throw AuthorizationVersions.lostRace();
        }
        AuthorizationVersions.read(id, authorization); // this request's own write is not a race
        // Earlier tokens' index entries stay until they expire: lookups check the value, and a rotated refresh
        // token must still lead to its authorization so its reuse can be caught.
        AuthorizationTokens.lookupValues(authorization).forEach((type, value) -> idByToken.put(indexKey(type, value), id, ttl));
        if (AuthorizationTokens.ofPerson(authorization)) {
            byAccount.compute(authorization.getPrincipalName(), held -> {
                Map<String, Instant> ids = new HashMap<>(held == null ? Map.of() : held);
                ids.values().removeIf(expiry -> !expiry.isAfter(now));
                ids.put(id, now.plus(ttl));
                return Map.copyOf(ids);
            }, ids -> ids.values().stream().max(Instant::compareTo).orElseThrow());
        }
    }

    @Override
    public List<OAuth2Authorization> findByAccount(String accountId) {
        return byAccount.get(accountId).orElse(Map.of()).keySet().stream().map(id -> byId.get(id).orElse(null))
                .filter(a -> a != null && accountId.equals(a.getPrincipalName())).toList();
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        if (AppAccessToken.of(authorization).isPresent()) {
            appTokens.remove(Sha256.base64Url(AppAccessToken.value(authorization)));
            return;
        }
        byId.remove(authorization.getId()).ifPresent(this::unindex);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        OAuth2Authorization found = byId.get(id).orElse(null);
        if (found != null) {
            AuthorizationVersions.read(id, found);
        }
        return found;
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)) {
            OAuth2Authorization appGrant = appTokens.get(Sha256.base64Url(token))
                    .map(found -> found.authorization(clients, token)).orElse(null);
            if (appGrant != null) {
                return appGrant;
            }
        }
        if (tokenType != null) {
            return find(tokenType.getValue(), token).orElse(null);
        }
        for (String type : new String[] {"state", "code", "access_token", "refresh_token", "id_token"}) {
            Optional<OAuth2Authorization> found = find(type, token);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return null;
    }

    private Optional<OAuth2Authorization> find(String type, String token) {
        if (AuthorizationTokens.RETIRED_REFRESH_TOKEN.equals(type)) {
            return idByToken.get(indexKey(OAuth2ParameterNames.REFRESH_TOKEN, token)).map(this::findById)
                    .filter(a -> !token.equals(AuthorizationTokens.lookupValues(a).get(OAuth2ParameterNames.REFRESH_TOKEN)));
        }
        return idByToken.get(indexKey(type, token)).map(this::findById)
                // The index is by hash: confirm the authorization really holds this value.
                .filter(a -> token.equals(AuthorizationTokens.lookupValues(a).get(type)));
    }

    private void unindex(OAuth2Authorization authorization) {
        for (Map.Entry<String, String> e : AuthorizationTokens.lookupValues(authorization).entrySet()) {
            idByToken.remove(indexKey(e.getKey(), e.getValue()));
        }
    }

    private static String indexKey(String type, String value) {
        return type + ":" + Sha256.base64Url(value);
    }
}
