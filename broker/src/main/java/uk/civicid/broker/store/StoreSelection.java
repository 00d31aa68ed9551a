package uk.civicid.broker.store;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * Which store the broker uses, decided by configuration alone: Redis when a Redis server is configured
 * ({@code spring.data.redis.url}, {@code .host}, {@code .sentinel.master} or {@code .cluster.nodes}),
 * otherwise the in-memory store of the embedded default.
 */
public final class StoreSelection {

    private StoreSelection() {
    }

    public static final class RedisConfigured extends AnyNestedCondition {

        RedisConfigured() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty("spring.data.redis.url")
        static class Url {}

        @ConditionalOnProperty("spring.data.redis.host")
        static class Host {}

        @ConditionalOnProperty("spring.data.redis.sentinel.master")
        static class Sentinel {}

        @ConditionalOnProperty("spring.data.redis.cluster.nodes[0]")
        static class ClusterList {}

        @ConditionalOnProperty("spring.data.redis.cluster.nodes")
        static class ClusterString {}
    }

    public static final class NoRedisConfigured extends NoneNestedConditions {

        NoRedisConfigured() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @org.springframework.context.annotation.Conditional(RedisConfigured.class)
        static class Redis {}
    }
}
