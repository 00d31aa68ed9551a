package uk.civicid.broker.signin;

/** One rule a sign-in must meet for an app's request. Checks run in the order {@link SignInRules} lists them. */
public interface SignInCheck {

    SignInOutcome check(SignInAttempt attempt);
}
