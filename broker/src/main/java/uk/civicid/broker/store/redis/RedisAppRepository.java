package uk.civicid.broker.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.client.AppRepository;
import uk.civicid.broker.client.RegisteredApp;

/**
 * Registered apps as JSON, one key each, and a set of their client ids for listing. The keys share the hash tag
 * {@code {apps}}, so creating and deleting (app and index together) are one atomic script on one Cluster slot.
 */
public class RedisAppRepository implements AppRepository {

    /** KEYS[1] the app, KEYS[2] the index; ARGV[1] client id, ARGV[2] JSON. 1 if created, 0 if the id is taken. */
    private static final RedisScript<Long> CREATE = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('SET', KEYS[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[1])
            return 1""", Long.class);

    /** Compare-and-set. KEYS[1] the app; ARGV[1] the JSON read, ARGV[2] the new JSON. 1 if written, 0 if changed meanwhile. */
    private static final RedisScript<Long> REPLACE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2])
            return 1""", Long.class);

    /** KEYS[1] the app, KEYS[2] the index; ARGV[1] client id. */
    private static final RedisScript<Long> DELETE = RedisScript.of("""
            redis.call('SREM', KEYS[2], ARGV[1])
            return redis.call('DEL', KEYS[1])""", Long.class);

    private static final int MAX_ATTEMPTS = 50;

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;

    public RedisAppRepository(StringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public List<RegisteredApp> findAll() {
        Set<String> ids = redis.opsForSet().members(keys.appIndex());
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> values = redis.opsForValue().multiGet(ids.stream().sorted().map(keys::app).toList());
        List<RegisteredApp> apps = new ArrayList<>();
        if (values != null) {
            values.stream().filter(Objects::nonNull).map(this::read).forEach(apps::add);
        }
        return apps;
    }

    @Override
    public Optional<RegisteredApp> find(String clientId) {
        return Optional.ofNullable(redis.opsForValue().get(keys.app(clientId))).map(this::read);
    }

    @Override
    public boolean create(RegisteredApp app) {
        return Long.valueOf(1).equals(redis.execute(CREATE, List.of(keys.app(app.clientId()), keys.appIndex()), app.clientId(),
                json.writeValueAsString(app)));
    }

    @Override
    public Optional<RegisteredApp> update(String clientId, UnaryOperator<RegisteredApp> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String current = redis.opsForValue().get(keys.app(clientId));
            if (current == null) {
                return Optional.empty();
            }
            RegisteredApp next = change.apply(read(current));
            if (Long.valueOf(1).equals(redis.execute(REPLACE, List.of(keys.app(clientId)), current, json.writeValueAsString(next)))) {
                return Optional.of(next);
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(attempt, 20)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while updating an app", e);
            }
        }
        throw new IllegalStateException("app " + clientId + " kept changing; gave up after " + MAX_ATTEMPTS + " attempts");
    }

    @Override
    public boolean delete(String clientId) {
        return Long.valueOf(1).equals(redis.execute(DELETE, List.of(keys.app(clientId), keys.appIndex()), clientId));
    }

    private RegisteredApp read(String value) {
        return json.readValue(value, RegisteredApp.class);
    }
}
