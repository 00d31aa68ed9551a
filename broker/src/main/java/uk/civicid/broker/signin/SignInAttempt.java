package uk.civicid.broker.signin;

import java.time.Instant;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.session.BrokerPrincipal;

/**
 * One question for the sign-in checks: may this browser's sign-in serve this app's request?
 *
 * @param app              the asking app's policy, or null when no app asks (the person came to the broker itself)
 * @param principal        who is signed in to this browser, or null
 * @param freshDemandedAt  when this request last found the sign-in too old ({@code prompt=login}, {@code max_age}),
 *                         or null: a sign-in since then meets the demand
 */
public record SignInAttempt(SignInRequest request, ClientPolicy app, BrokerPrincipal principal, Instant freshDemandedAt) {}
