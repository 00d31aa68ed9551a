package uk.civicid.broker.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Broker sessions, which live as long as the browser session that holds them. */
public interface BrokerSessionRepository {

    void save(BrokerSession session, Duration timeToLive);

    Optional<BrokerSession> find(String id);

    /** The live sessions of one account (on any node, in any browser). */
    List<BrokerSession> findByAccount(String accountId);

    /**
     * The live sessions that came from an upstream session named by its {@code sid}, or by the person's {@code sub}
     * there (every session of theirs from that upstream); either may be null, not both.
     */
    List<BrokerSession> findByUpstreamSession(String upstreamId, String subject, String sid);

    /** Adds an app to a live session's participants, atomically, keeping the session's expiry; a no-op for an ended session. */
    void addParticipant(String sessionId, String clientId, Duration timeToLive);

    /** Adds an upstream session a live session was (again) signed in through; a no-op for an ended session. */
    void addUpstreamSession(String sessionId, UpstreamSession upstreamSession, Duration timeToLive);

    /** Removes the session and returns what it was, so only one caller ends it. */
    Optional<BrokerSession> remove(String id);
}
