package uk.civicid.broker.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import uk.civicid.broker.oidc.AccountAuthorizations;
import uk.civicid.broker.oidc.AuthorizationTokens;

/**
 * The framework's authorizations over either store, with one algorithm: authorizations expire with their
 * longest-lived token; tokens are found through an index by hash that only points, so a match is believed only if the
 * grant still holds that exact value (stale entries, such as a rotated refresh token's, are harmless until they expire,
 * and let reuse be caught); a person's grant is saved by compare-and-set; an app's own (client_credentials) access
 * token is kept as an {@link AppAccessToken}.
 */
public class StoredAuthorizations implements OAuth2AuthorizationService, AccountAuthorizations {

    /** What a token of unknown type may be, in the order tried (RFC 7009 §2.1, RFC 7662 §2.1 allow no hint). */
    private static final List<String> TYPES = List.of("state", "code", "access_token", "refresh_token", "id_token");

    private final AuthorizationRecords records;
    private final RegisteredClientRepository clients;
    private final Clock clock;

    public StoredAuthorizations(AuthorizationRecords records, RegisteredClientRepository clients, Clock clock) {
        this.records = records;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        Instant now = clock.instant();
        Instant until = AuthorizationTokens.keepUntil(authorization, now);
        Duration ttl = Duration.between(now, until);
        if (ttl.isNegative() || ttl.isZero()) {
            remove(authorization);
            return;
        }
        Optional<AppAccessToken> appToken = AppAccessToken.of(authorization);
        if (appToken.isPresent()) { // nothing else ever changes it but its revocation: no compare-and-set
            records.saveAppToken(AppAccessToken.value(authorization), appToken.get(), ttl);
            return;
        }
        String accountId = AuthorizationTokens.ofPerson(authorization) ? authorization.getPrincipalName() : null;
        if (!records.saveIfUnchanged(authorization, AuthorizationTokens.lookupValues(authorization), accountId, until, now)) {
            throw AuthorizationVersions.lostRace();
        }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        if (AppAccessToken.of(authorization).isPresent()) {
            records.deleteAppToken(AppAccessToken.value(authorization));
        } else {
            records.delete(authorization);
        }
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return records.find(id);
    }

    @Override
    public List<OAuth2Authorization> findByAccount(String accountId) {
        return records.idsOf(accountId, clock.instant()).stream().map(records::find)
                .filter(a -> a != null && accountId.equals(a.getPrincipalName())).toList();
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)) {
            OAuth2Authorization appGrant = records.appToken(token).map(found -> found.authorization(clients, token)).orElse(null);
            if (appGrant != null) {
                return appGrant;
            }
        }
        Stream<String> types = tokenType != null ? Stream.of(tokenType.getValue()) : TYPES.stream();
        return types.map(type -> find(type, token)).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The grant that holds this value now, or, for a retired refresh token, the grant that held it and has rotated since. */
    private OAuth2Authorization find(String type, String token) {
        boolean retired = AuthorizationTokens.RETIRED_REFRESH_TOKEN.equals(type);
        String indexed = retired ? OAuth2ParameterNames.REFRESH_TOKEN : type;
        OAuth2Authorization authorization = records.idOf(indexed, token).map(records::find).orElse(null);
        if (authorization == null) {
            return null;
        }
        boolean holds = token.equals(AuthorizationTokens.lookupValues(authorization).get(indexed));
        return holds != retired ? authorization : null;
    }
}
