package uk.civicid.broker.store.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Writes that belong together sent at once and awaited together: one round trip instead of one each. Each command
 * names its own key, so a Redis Cluster routes each to its node (a transaction or a pipeline of Spring's would need
 * them in one hash slot, or a connection of its own). Blocking on each in turn cost a park, a wake-up and a round
 * trip per command on the token endpoint.
 */
final class RedisWrites {

    private RedisWrites() {}

    /**
     * Sends what {@code writes} issues on Lettuce's async commands, then waits for all of it, as long as one command
     * may take ({@code spring.data.redis.timeout}).
     */
    static void all(StringRedisTemplate redis, Function<RedisClusterAsyncCommands<byte[], byte[]>, List<RedisFuture<?>>> writes) {
        Duration timeout = ((LettuceConnectionFactory) redis.getRequiredConnectionFactory()).getClientConfiguration().getCommandTimeout();
        redis.execute((RedisCallback<Void>) connection -> {
            List<RedisFuture<?>> sent = writes.apply(commands(connection));
            try {
                if (!LettuceFutures.awaitAll(timeout, sent.toArray(new RedisFuture<?>[0]))) {
                    throw new QueryTimeoutException("Redis did not confirm " + sent.size() + " writes within " + timeout);
                }
            } catch (RedisException e) {
                throw new DataAccessResourceFailureException("Redis refused or lost a write: " + e.getMessage(), e);
            }
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private static RedisClusterAsyncCommands<byte[], byte[]> commands(RedisConnection connection) {
        // Lettuce's standalone and cluster connections both hand out (a subtype of) these.
        return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
    }
}
