package uk.civicid.broker.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import uk.civicid.broker.session.BrokerSession;
import uk.civicid.broker.session.BrokerSessionRepository;

public class MemoryBrokerSessionRepository implements BrokerSessionRepository {

    private final ExpiringMap<String, BrokerSession> sessions;

    public MemoryBrokerSessionRepository(Clock clock) {
        this.sessions = new ExpiringMap<>(clock);
    }

    @Override
    public void save(BrokerSession session, Duration timeToLive) {
        sessions.put(session.id(), session, timeToLive);
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
