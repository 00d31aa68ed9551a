package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.federation.LogoutTokenIds;
import uk.civicid.broker.store.memory.MemoryLogoutTokenIds;
import uk.civicid.broker.store.redis.RedisLogoutTokenIds;
import uk.civicid.broker.testsupport.RedisStores;

/** What every store of used upstream logout token ids must do (Back-Channel Logout 1.0 §2.6: a jti is accepted once). */
abstract class LogoutTokenIdsContract {

    abstract LogoutTokenIds ids();

    @Test
    void aLogoutTokenId_isUsedOnce_perUpstream_untilItsTimeIsUp() throws Exception {
        LogoutTokenIds ids = ids();
        String jti = "jti-" + UUID.randomUUID();
        assertThat(ids.useOnce("council", jti, Duration.ofSeconds(1))).isTrue();
        assertThat(ids.useOnce("council", jti, Duration.ofSeconds(1))).as("a replay").isFalse();
        assertThat(ids.useOnce("nhs", jti, Duration.ofSeconds(1))).as("another upstream's token").isTrue();
        Thread.sleep(1300);
        assertThat(ids.useOnce("council", jti, Duration.ofSeconds(1))).as("kept no longer than asked").isTrue();
    }

    /** The same token posted to several nodes at once (an upstream retrying, or an attacker racing it): one wins. */
    @Test
    void aLogoutTokenIdUsedConcurrently_isAcceptedExactlyOnce() throws Exception {
        LogoutTokenIds ids = ids();
        String jti = "jti-" + UUID.randomUUID();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> uses = IntStream.range(0, 32)
                    .<Callable<Boolean>>mapToObj(i -> () -> ids.useOnce("council", jti, Duration.ofMinutes(1))).toList();
            int accepted = 0;
            for (Future<Boolean> use : threads.invokeAll(uses)) {
                accepted += use.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            threads.shutdown();
        }
    }
}

class MemoryLogoutTokenIdsTest extends LogoutTokenIdsContract {
    @Override
    LogoutTokenIds ids() {
        return new MemoryLogoutTokenIds(Clock.systemUTC());
    }
}

class RedisLogoutTokenIdsTest extends LogoutTokenIdsContract {
    @Override
    LogoutTokenIds ids() {
        return new RedisLogoutTokenIds(RedisStores.template(), RedisStores.freshKeys());
    }
}
