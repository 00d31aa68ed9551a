package uk.civicid.broker.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import uk.civicid.broker.session.BrokerSession;
import uk.civicid.broker.session.BrokerSessionRepository;

/** SSO sessions in memory, each expiring with its lifetime, with an index by account. */
public class MemoryBrokerSessionRepository implements BrokerSessionRepository {

    private final ExpiringMap<String, BrokerSession> sessions;
    /** Account id → its session ids; the entry lives as long as the account's last session. Ids only point. */
    private final ExpiringMap<String, Set<String>> byAccount;

    public MemoryBrokerSessionRepository(Clock clock) {
        this.sessions = new ExpiringMap<>(clock);
        this.byAccount = new ExpiringMap<>(clock);
    }

    @Override
    public synchronized void save(BrokerSession session, Duration timeToLive) {
        sessions.put(session.id(), session, timeToLive);
        Set<String> ids = new HashSet<>(byAccount.get(session.accountId()).orElse(Set.of()));
        ids.removeIf(id -> sessions.get(id).isEmpty());
        ids.add(session.id());
        byAccount.put(session.accountId(), Set.copyOf(ids), timeToLive);
    }

    @Override
    public List<BrokerSession> findByAccount(String accountId) {
        return byAccount.get(accountId).orElse(Set.of()).stream().map(sessions::get).flatMap(Optional::stream)
                .filter(s -> s.accountId().equals(accountId)).toList();
    }

    @Override
    public Optional<BrokerSession> find(String id) {
        return sessions.get(id);
    }

    @Override
    public void addParticipant(String sessionId, String clientId, Duration timeToLive) {
        sessions.update(sessionId, (id, s) -> {
            Set<String> participants = new HashSet<>(s.participants());
            participants.add(clientId);
            return new BrokerSession(s.id(), s.accountId(), s.startedAt(), participants);
        }, null);
    }

    @Override
    public Optional<BrokerSession> remove(String id) {
        return sessions.remove(id);
    }
}
