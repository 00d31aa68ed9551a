package uk.civicid.broker.session;

/** Published once when a broker session ends (sign-out, a different person signing in, an administrator). */
public record BrokerSessionEnded(BrokerSession session) {}
