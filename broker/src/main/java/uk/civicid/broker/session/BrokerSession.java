package uk.civicid.broker.session;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/**
 * A person's single sign-on session at the broker, shared by every app they reached through it. The
 * participants are the apps that received an ID token for it: back-channel logout notifies each.
 */
public record BrokerSession(String id, String accountId, Instant startedAt, Set<String> participants)
        implements Serializable {

    public BrokerSession {
        participants = Set.copyOf(participants);
    }
}
