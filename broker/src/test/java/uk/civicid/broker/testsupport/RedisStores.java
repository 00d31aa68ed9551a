package uk.civicid.broker.testsupport;

import java.util.UUID;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.store.redis.RedisKeys;

/** A Redis connection for store tests without a Spring context, and a fresh key prefix per use. */
public final class RedisStores {

    private static TestRedis redis;
    private static StringRedisTemplate template;

    private RedisStores() {
    }

    public static synchronized StringRedisTemplate template() {
        if (template == null) {
            redis = TestRedis.start();
            LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
            connections.afterPropertiesSet();
            connections.start();
            template = new StringRedisTemplate(connections);
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
        }
        return template;
    }

    /** Keys under a prefix no other test uses. */
    public static RedisKeys freshKeys() {
        return new RedisKeys("contract-" + UUID.randomUUID() + ":");
    }

    public static JsonMapper json() {
        return JsonMapper.builder().build();
    }
}
