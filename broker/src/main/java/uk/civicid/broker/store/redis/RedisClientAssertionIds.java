package uk.civicid.broker.store.redis;

import java.time.Duration;
import org.springframework.data.redis.core.StringRedisTemplate;
import uk.civicid.broker.client.ClientAssertionIds;

/** A key per used assertion id, expiring with the assertion; SET NX, so of two requests racing with one assertion only one wins. */
public class RedisClientAssertionIds implements ClientAssertionIds {

    private final StringRedisTemplate redis;
    private final RedisKeys keys;

    public RedisClientAssertionIds(StringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public boolean useOnce(String clientId, String jti, Duration timeToLive) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(keys.clientAssertion(clientId, jti), "1", timeToLive));
    }
}
