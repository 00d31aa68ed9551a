package uk.civicid.broker.federation;

/**
 * What the app asked of the sign-in, passed on to the upstream so that it is honoured there too: a fresh
 * sign-in demanded by the app must not be satisfied by the upstream's own single sign-on (OIDC Core §3.1.2.1).
 *
 * @param loginHint who the app expects to sign in, or null
 * @param promptLogin the app asked for {@code prompt=login}
 * @param maxAge the app's {@code max_age} in seconds, or null
 * @param language the language the person reads the broker in ({@code en} or {@code cy}), for the upstream's
 *                 {@code ui_locales} (OIDC Core §3.1.2.1); null when not known
 * @param identityLevel the app asks for a verified identity of this level of assurance (low, medium, high) or above: the
 *                      upstream is asked to prove the person's identity; null when it asks for none
 */
public record SignInHints(String loginHint, boolean promptLogin, Long maxAge, String language, String identityLevel) {

    public static final SignInHints NONE = new SignInHints(null, false, null, null, null);

    public SignInHints(String loginHint, boolean promptLogin, Long maxAge, String language) {
        this(loginHint, promptLogin, maxAge, language, null);
    }

    public SignInHints inLanguage(String language) {
        return new SignInHints(loginHint, promptLogin, maxAge, language, identityLevel);
    }
}
