package uk.civicid.broker.store.redis;

import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.federation.SignInTransaction;
import uk.civicid.broker.federation.SignInTransactionStore;

public class RedisSignInTransactionStore implements SignInTransactionStore {

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;

    public RedisSignInTransactionStore(StringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public void save(SignInTransaction transaction, Duration timeToLive) {
        redis.opsForValue().set(keys.signInTransaction(transaction.state()), json.writeValueAsString(transaction), timeToLive);
    }

    /** GETDEL: of two callbacks racing with one state, only one gets the transaction. */
    @Override
    public Optional<SignInTransaction> consume(String state) {
        return Optional.ofNullable(redis.opsForValue().getAndDelete(keys.signInTransaction(state)))
                .map(value -> json.readValue(value, SignInTransaction.class));
    }
}
