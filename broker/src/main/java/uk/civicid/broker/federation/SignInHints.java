package uk.civicid.broker.federation;

/**
 * What the app asked of the sign-in, passed on to the upstream so that it is honoured there too: a fresh
 * sign-in demanded by the app must not be satisfied by the upstream's own single sign-on (OIDC Core §3.1.2.1).
 *
 * @param loginHint who the app expects to sign in, or null
 * @param promptLogin the app asked for {@code prompt=login}
 * @param maxAge the app's {@code max_age} in seconds, or null
 */
public record SignInHints(String loginHint, boolean promptLogin, Long maxAge) {

    public static final SignInHints NONE = new SignInHints(null, false, null);
}
