package uk.civicid.broker.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.store.AuthorizationTokens;

/**
 * Authorizations in Redis, each expiring with its longest-lived token. Tokens are found through index keys
 * named by the token's hash; an index key only points, and a match is believed only if the authorization
 * still holds that exact value, so stale index keys (a rotated refresh token) are harmless until they expire.
 */
public class RedisAuthorizationService implements OAuth2AuthorizationService {

    private static final String[] TYPES = {"state", "code", "access_token", "refresh_token", "id_token"};

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final RegisteredClientRepository clients;
    private final AuthorizationJson json;
    private final Clock clock;

    public RedisAuthorizationService(StringRedisTemplate redis, RedisKeys keys, RegisteredClientRepository clients,
                                     JsonMapper mapper, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clients = clients;
        this.json = new AuthorizationJson(mapper);
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
        claimCodeRedemption(authorization);
        redis.opsForValue().set(keys.authorization(authorization.getId()), json.write(authorization), ttl);
        AuthorizationTokens.lookupValues(authorization)
                .forEach((type, value) -> redis.opsForValue().set(keys.authorizationToken(type, value), authorization.getId(), ttl));
    }

    /**
     * Two token requests with one code, on two nodes at once, would both see it unused. The first save that
     * marks it used claims it with SET NX; the other fails, so only one of them gets tokens (RFC 6749 §4.1.2).
     */
    private void claimCodeRedemption(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
        if (code == null || !code.isInvalidated()) {
            return;
        }
        OAuth2Authorization stored = findById(authorization.getId());
        OAuth2Authorization.Token<OAuth2AuthorizationCode> storedCode = stored == null ? null : stored.getToken(OAuth2AuthorizationCode.class);
        if (storedCode == null || storedCode.isInvalidated()) {
            return; // not the redemption itself (a later change, or a replay the framework handles)
        }
        String value = code.getToken().getTokenValue();
        Duration ttl = Duration.between(clock.instant(), code.getToken().getExpiresAt()).plusMinutes(1);
        Boolean first = redis.opsForValue().setIfAbsent(keys.usedCode(value), "1", ttl.isNegative() ? Duration.ofMinutes(1) : ttl);
        if (!Boolean.TRUE.equals(first)) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "authorization code already used", null));
        }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        redis.delete(keys.authorization(authorization.getId()));
    }

    @Override
    public OAuth2Authorization findById(String id) {
        String stored = redis.opsForValue().get(keys.authorization(id));
        if (stored == null) {
            return null;
        }
        RegisteredClient client = clients.findById(json.registeredClientId(stored));
        return client == null ? null : json.read(stored, client); // an app removed since: its grants are gone too
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType != null) {
            return find(tokenType.getValue(), token);
        }
        for (String type : TYPES) {
            OAuth2Authorization found = find(type, token);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private OAuth2Authorization find(String type, String token) {
        String id = redis.opsForValue().get(keys.authorizationToken(type, token));
        OAuth2Authorization authorization = id == null ? null : findById(id);
        if (authorization == null) {
            return null;
        }
        Map<String, String> values = AuthorizationTokens.lookupValues(authorization);
        return token.equals(values.get(type)) ? authorization : null;
    }
}
