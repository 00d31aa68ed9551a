package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.session.BrokerSession;
import uk.civicid.broker.session.BrokerSessionRepository;
import uk.civicid.broker.session.UpstreamSession;
import uk.civicid.broker.store.memory.MemoryBrokerSessionRepository;
import uk.civicid.broker.store.redis.RedisBrokerSessionRepository;
import uk.civicid.broker.testsupport.RedisStores;

/** What every store of single sign-on sessions must do. */
abstract class BrokerSessionRepositoryContract {

    abstract BrokerSessionRepository repository();

    static final Instant STARTED = Instant.parse("2026-01-01T09:00:00Z");

    @Test
    void aSession_isFound_andRemovedExactlyOnce() {
        BrokerSessionRepository sessions = repository();
        sessions.save(new BrokerSession("s1", "account-1", STARTED, Set.of("tax")), Duration.ofMinutes(5));
        assertThat(sessions.find("s1")).contains(new BrokerSession("s1", "account-1", STARTED, Set.of("tax")));
        assertThat(sessions.remove("s1")).isPresent();
        assertThat(sessions.remove("s1")).isEmpty();
        assertThat(sessions.find("s1")).isEmpty();
    }

    @Test
    void anAccountsSessions_areFoundByAccount_untilRemoved() {
        BrokerSessionRepository sessions = repository();
        sessions.save(new BrokerSession("sa", "account-idx", STARTED, Set.of()), Duration.ofMinutes(5));
        sessions.save(new BrokerSession("sb", "account-idx", STARTED, Set.of("tax")), Duration.ofMinutes(5));
        sessions.save(new BrokerSession("sc", "account-other", STARTED, Set.of()), Duration.ofMinutes(5));
        assertThat(sessions.findByAccount("account-idx")).extracting(BrokerSession::id).containsExactlyInAnyOrder("sa", "sb");
        sessions.remove("sa");
        assertThat(sessions.findByAccount("account-idx")).extracting(BrokerSession::id).containsExactly("sb");
        assertThat(sessions.findByAccount("account-nobody")).isEmpty();
    }

    /** Back-Channel Logout 1.0 §2.5: an upstream names its session by sid, or the person by sub; each finds its sessions. */
    @Test
    void sessionsFromAnUpstreamSession_areFoundBySidOrSub_withTheirUpstreamSessions() {
        BrokerSessionRepository sessions = repository();
        UpstreamSession first = new UpstreamSession("council", "alice", "sid-1");
        sessions.save(new BrokerSession("su1", "account-u", STARTED, Set.of("tax"), Set.of(first)), Duration.ofMinutes(5));
        sessions.save(new BrokerSession("su2", "account-u", STARTED, Set.of(), Set.of(new UpstreamSession("council", "alice", "sid-2"))),
                Duration.ofMinutes(5));
        sessions.save(new BrokerSession("su3", "account-v", STARTED, Set.of(), Set.of(new UpstreamSession("nhs", "alice", "sid-1"))),
                Duration.ofMinutes(5));

        assertThat(sessions.find("su1").orElseThrow().upstreamSessions()).containsExactly(first);
        assertThat(sessions.findByUpstreamSession("council", null, "sid-1")).extracting(BrokerSession::id).containsExactly("su1");
        assertThat(sessions.findByUpstreamSession("council", "alice", null)).extracting(BrokerSession::id).containsExactlyInAnyOrder("su1", "su2");
        assertThat(sessions.findByUpstreamSession("council", "bob", "sid-1")).as("sid and sub must both match").isEmpty();
        assertThat(sessions.findByUpstreamSession("nhs", null, "sid-2")).isEmpty();

        // Signed in again through another upstream session: both now end it.
        UpstreamSession again = new UpstreamSession("nhs", "alice-nhs", "sid-9");
        sessions.addUpstreamSession("su1", again, Duration.ofMinutes(5));
        assertThat(sessions.find("su1").orElseThrow().upstreamSessions()).containsExactlyInAnyOrder(first, again);
        assertThat(sessions.findByUpstreamSession("nhs", null, "sid-9")).extracting(BrokerSession::id).containsExactly("su1");
        assertThat(sessions.find("su1").orElseThrow().participants()).containsExactly("tax");

        sessions.remove("su1");
        assertThat(sessions.findByUpstreamSession("council", null, "sid-1")).isEmpty();
        sessions.addUpstreamSession("su1", again, Duration.ofMinutes(5));
        assertThat(sessions.find("su1")).as("an ended session is not recreated").isEmpty();
    }

    /** Apps joining at once on several nodes: none is lost, or its back-channel logout would be skipped. */
    @Test
    void participantsAddedConcurrently_areAllKept() throws Exception {
        BrokerSessionRepository sessions = repository();
        sessions.save(new BrokerSession("s2", "account-2", STARTED, Set.of()), Duration.ofMinutes(5));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> joins = IntStream.range(0, 40).<Callable<Void>>mapToObj(i -> () -> {
                sessions.addParticipant("s2", "app-" + i, Duration.ofMinutes(5));
                return null;
            }).toList();
            for (Future<Void> join : threads.invokeAll(joins)) {
                join.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(sessions.find("s2").orElseThrow().participants())
                .isEqualTo(IntStream.range(0, 40).mapToObj(i -> "app-" + i).collect(Collectors.toSet()));
    }

    @Test
    void joiningAnEndedSession_doesNotBringItBack() {
        BrokerSessionRepository sessions = repository();
        sessions.addParticipant("ended", "tax", Duration.ofMinutes(5));
        assertThat(sessions.find("ended")).isEmpty();
    }

    @Test
    void aSession_expires() throws Exception {
        BrokerSessionRepository sessions = repository();
        sessions.save(new BrokerSession("s3", "account-3", STARTED, Set.of()), Duration.ofMillis(200));
        Thread.sleep(400);
        assertThat(sessions.find("s3")).isEmpty();
        assertThat(sessions.remove("s3")).isEmpty();
    }
}

class MemoryBrokerSessionRepositoryTest extends BrokerSessionRepositoryContract {
    @Override
    BrokerSessionRepository repository() {
        return new MemoryBrokerSessionRepository(Clock.systemUTC());
    }
}

class RedisBrokerSessionRepositoryTest extends BrokerSessionRepositoryContract {
    @Override
    BrokerSessionRepository repository() {
        return new RedisBrokerSessionRepository(RedisStores.template(), RedisStores.freshKeys(), Clock.systemUTC());
    }
}
