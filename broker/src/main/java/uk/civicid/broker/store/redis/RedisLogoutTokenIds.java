package uk.civicid.broker.store.redis;

import java.time.Duration;
import org.springframework.data.redis.core.StringRedisTemplate;
import uk.civicid.broker.federation.LogoutTokenIds;

/** A key per used logout token id, expiring with the token; SET NX, so of two nodes taking one token only one ends sessions. */
public class RedisLogoutTokenIds implements LogoutTokenIds {

    private final StringRedisTemplate redis;
    private final RedisKeys keys;

    public RedisLogoutTokenIds(StringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public boolean useOnce(String upstreamId, String jti, Duration timeToLive) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(keys.logoutToken(upstreamId, jti), "1", timeToLive));
    }
}
