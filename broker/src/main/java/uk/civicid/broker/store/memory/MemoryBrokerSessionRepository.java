package uk.civicid.broker.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.session.BrokerSession;
import uk.civicid.broker.session.BrokerSessionRepository;
import uk.civicid.broker.session.UpstreamSession;

/** SSO sessions in memory, each expiring with its lifetime, with indexes by account and by upstream session. */
public class MemoryBrokerSessionRepository implements BrokerSessionRepository {

    private final ExpiringMap<String, BrokerSession> sessions;
    /** Index key (an account, an upstream's sid or sub) → session ids; each entry lives as long as its last session. Ids only point. */
    private final ExpiringMap<String, Set<String>> index;

    public MemoryBrokerSessionRepository(Clock clock) {
        this.sessions = new ExpiringMap<>(clock);
        this.index = new ExpiringMap<>(clock);
    }

    @Override
    public synchronized void save(BrokerSession session, Duration timeToLive) {
        sessions.put(session.id(), session, timeToLive);
        point("account:" + session.accountId(), session.id(), timeToLive);
        session.upstreamSessions().forEach(upstream -> pointAt(upstream, session.id(), timeToLive));
    }

    @Override
    public List<BrokerSession> findByAccount(String accountId) {
        return pointedAt("account:" + accountId).filter(s -> s.accountId().equals(accountId)).toList();
    }

    @Override
    public List<BrokerSession> findByUpstreamSession(String upstreamId, String subject, String sid) {
        return pointedAt(sid != null ? bySid(upstreamId, sid) : bySubject(upstreamId, subject))
                .filter(s -> s.upstreamSessions().stream().anyMatch(u -> u.matches(upstreamId, subject, sid))).toList();
    }

    @Override
    public Optional<BrokerSession> find(String id) {
        return sessions.get(id);
    }

    @Override
    public void addParticipant(String sessionId, String clientId, Duration timeToLive) {
        change(sessionId, s -> new BrokerSession(s.id(), s.accountId(), s.startedAt(), with(s.participants(), clientId), s.upstreamSessions()));
    }

    @Override
    public synchronized void addUpstreamSession(String sessionId, UpstreamSession upstreamSession, Duration timeToLive) {
        change(sessionId, s -> new BrokerSession(s.id(), s.accountId(), s.startedAt(), s.participants(),
                with(s.upstreamSessions(), upstreamSession)));
        if (sessions.get(sessionId).isPresent()) {
            pointAt(upstreamSession, sessionId, timeToLive);
        }
    }

    @Override
    public Optional<BrokerSession> remove(String id) {
        return sessions.remove(id);
    }

    private void change(String sessionId, UnaryOperator<BrokerSession> change) {
        sessions.update(sessionId, (id, s) -> change.apply(s), null);
    }

    private static <T> Set<T> with(Set<T> values, T value) {
        Set<T> next = new HashSet<>(values);
        next.add(value);
        return next;
    }

    private void pointAt(UpstreamSession upstream, String sessionId, Duration timeToLive) {
        point(bySubject(upstream.upstreamId(), upstream.subject()), sessionId, timeToLive);
        if (upstream.sid() != null) {
            point(bySid(upstream.upstreamId(), upstream.sid()), sessionId, timeToLive);
        }
    }

    private synchronized void point(String key, String sessionId, Duration timeToLive) {
        Set<String> ids = new HashSet<>(index.get(key).orElse(Set.of()));
        ids.removeIf(id -> sessions.get(id).isEmpty());
        ids.add(sessionId);
        index.put(key, Set.copyOf(ids), timeToLive);
    }

    private Stream<BrokerSession> pointedAt(String key) {
        return index.get(key).orElse(Set.of()).stream().map(sessions::get).flatMap(Optional::stream);
    }

    private static String bySid(String upstreamId, String sid) {
        return "sid:" + upstreamId + ":" + Sha256.base64Url(sid);
    }

    private static String bySubject(String upstreamId, String subject) {
        return "sub:" + upstreamId + ":" + Sha256.base64Url(subject);
    }
}
