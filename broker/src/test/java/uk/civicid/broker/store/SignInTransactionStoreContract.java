package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.federation.SignInTransaction;
import uk.civicid.broker.federation.SignInTransactionStore;
import uk.civicid.broker.store.memory.MemorySignInTransactionStore;
import uk.civicid.broker.store.redis.RedisSignInTransactionStore;
import uk.civicid.broker.testsupport.RedisStores;

/** What every sign-in transaction store must do: one-time, expiring, safe under racing callbacks. */
abstract class SignInTransactionStoreContract {

    abstract SignInTransactionStore store();

    static SignInTransaction transaction(String state) {
        return new SignInTransaction(state, "council", "nonce", "verifier", SignInTransaction.Intent.SIGN_IN, null,
                "browser", Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aTransaction_isConsumedOnce() {
        SignInTransactionStore store = store();
        store.save(transaction("state-1"), Duration.ofMinutes(1));
        assertThat(store.consume("state-1")).contains(transaction("state-1"));
        assertThat(store.consume("state-1")).isEmpty();
        assertThat(store.consume("never-saved")).isEmpty();
    }

    @Test
    void aTransaction_expires() throws Exception {
        SignInTransactionStore store = store();
        store.save(transaction("short"), Duration.ofMillis(200));
        Thread.sleep(400);
        assertThat(store.consume("short")).isEmpty();
    }

    /** Two callbacks racing with one state (a replay): exactly one wins. */
    @Test
    void racingConsumers_onlyOneGetsIt() throws Exception {
        SignInTransactionStore store = store();
        store.save(transaction("raced"), Duration.ofMinutes(1));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = IntStream.range(0, 8).<Callable<Boolean>>mapToObj(i -> () -> store.consume("raced").isPresent()).toList();
            long winners = 0;
            for (Future<Boolean> result : threads.invokeAll(attempts)) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            threads.shutdown();
        }
    }
}

class MemorySignInTransactionStoreTest extends SignInTransactionStoreContract {
    @Override
    SignInTransactionStore store() {
        return new MemorySignInTransactionStore(Clock.systemUTC());
    }
}

class RedisSignInTransactionStoreTest extends SignInTransactionStoreContract {
    @Override
    SignInTransactionStore store() {
        return new RedisSignInTransactionStore(RedisStores.template(), RedisStores.freshKeys(), RedisStores.json());
    }
}
