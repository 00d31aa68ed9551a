package uk.civicid.broker.store.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * An index from one thing to the ids of others that expire (a person's sessions, authorizations): a sorted set scored by
 * each member's expiry. Adding drops expired members and sets the key to expire with its last member, so the index
 * never outlives what it points to. Members only point: readers check what they find.
 */
final class ExpiringIndex {

    /** KEYS[1] the index. ARGV: member, its expiry (epoch ms), now (epoch ms). */
    private static final RedisScript<Long> ADD = RedisScript.of("""
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            if last[2] then redis.call('PEXPIREAT', KEYS[1], last[2]) end
            return 1""", Long.class);

    private ExpiringIndex() {}

    static void add(StringRedisTemplate redis, String key, String member, Instant expiresAt, Instant now) {
        redis.execute(ADD, List.of(key), member, String.valueOf(expiresAt.toEpochMilli()), String.valueOf(now.toEpochMilli()));
    }

    /** The same, sent without waiting for the answer: for a write that goes with others (see {@link RedisWrites}). */
    static RedisFuture<Long> add(RedisClusterAsyncCommands<byte[], byte[]> commands, String key, String member, Instant expiresAt,
                                 Instant now) {
        return commands.eval(ADD.getScriptAsString(), ScriptOutputType.INTEGER, new byte[][] {bytes(key)}, bytes(member),
                bytes(String.valueOf(expiresAt.toEpochMilli())), bytes(String.valueOf(now.toEpochMilli())));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static Set<String> live(StringRedisTemplate redis, String key, Instant now) {
        Set<String> members = redis.opsForZSet().rangeByScore(key, now.toEpochMilli() + 1, Double.POSITIVE_INFINITY);
        return members == null ? Set.of() : members;
    }
}
