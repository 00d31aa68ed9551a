package uk.civicid.broker.store.redis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Whether the broker can reach Redis: checked once at start-up (a broker that cannot reach its store
 * refuses to start, saying so), and on every health check (the node reports itself not ready until Redis
 * is back; Lettuce reconnects by itself).
 */
public class RedisAvailability implements HealthIndicator {

    private final RedisConnectionFactory connections;

    public RedisAvailability(RedisConnectionFactory connections) {
        this.connections = connections;
    }

    void requireAtStartUp() {
        try {
            ping();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Redis is configured (spring.data.redis.*) but cannot be reached: " + rootMessage(e)
                    + ". Start Redis or correct its address, credentials or TLS settings; without Redis configured the broker"
                    + " uses its in-memory store.", e);
        }
    }

    @Override
    public Health health() {
        try {
            ping();
            return Health.up().build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", rootMessage(e)).build();
        }
    }

    private void ping() {
        try (RedisConnection connection = connections.getConnection()) {
            connection.ping();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
