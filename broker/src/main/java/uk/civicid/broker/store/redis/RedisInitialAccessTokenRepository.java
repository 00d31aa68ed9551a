package uk.civicid.broker.store.redis;

import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import uk.civicid.broker.client.InitialAccessTokenRepository;

/** Initial access tokens: a key per token's hash, holding who issued it, expiring with it; used up by GETDEL. */
public class RedisInitialAccessTokenRepository implements InitialAccessTokenRepository {

    private final StringRedisTemplate redis;
    private final RedisKeys keys;

    public RedisInitialAccessTokenRepository(StringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void save(String token, String issuedBy, Duration timeToLive) {
        redis.opsForValue().set(keys.initialAccessToken(token), issuedBy, timeToLive);
    }

    @Override
    public Optional<String> find(String token) {
        return Optional.ofNullable(redis.opsForValue().get(keys.initialAccessToken(token)));
    }

    @Override
    public Optional<String> consume(String token) {
        return Optional.ofNullable(redis.opsForValue().getAndDelete(keys.initialAccessToken(token)));
    }
}
