package uk.civicid.broker.federation;

import java.time.Instant;

/**
 * What a verified upstream logout token asks (OpenID Connect Back-Channel Logout 1.0 §2.4): end the sessions that
 * came from this upstream session ({@code sid}) or of this person there ({@code sub}); at least one is given.
 *
 * @param acceptableUntil until when the same token would still be accepted: its {@code jti} is remembered that long
 */
public record UpstreamLogout(String subject, String sessionId, String jti, Instant acceptableUntil) {}
