package uk.civicid.broker.session;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/**
 * A person's single sign-on session at the broker, shared by every app they reached through it. The
 * participants are the apps that received an ID token for it: back-channel logout notifies each. The upstream
 * sessions are those it was signed in through, so an upstream's logout ends it.
 */
public record BrokerSession(String id, String accountId, Instant startedAt, Set<String> participants,
                            Set<UpstreamSession> upstreamSessions) implements Serializable {

    public BrokerSession {
        participants = Set.copyOf(participants);
        upstreamSessions = Set.copyOf(upstreamSessions);
    }

    public BrokerSession(String id, String accountId, Instant startedAt, Set<String> participants) {
        this(id, accountId, startedAt, participants, Set.of());
    }
}
