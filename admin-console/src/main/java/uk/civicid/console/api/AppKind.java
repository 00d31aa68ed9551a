package uk.civicid.console.api;

import java.util.List;

/**
 * The three kinds of app a team can register, in the words people use, and the OAuth metadata each one means.
 */
public enum AppKind {
    /** A server-side web app that keeps a client secret. */
    WEB(List.of("authorization_code", "refresh_token"), "client_secret_basic"),
    /** A single-page or native app: it cannot keep a secret, so it is public and uses PKCE. */
    PUBLIC(List.of("authorization_code", "refresh_token"), "none"),
    /** A service that calls APIs as itself (client credentials), with no person signing in. */
    SERVICE(List.of("client_credentials"), "client_secret_basic");

    private final List<String> grantTypes;
    private final String authMethod;

    AppKind(List<String> grantTypes, String authMethod) {
        this.grantTypes = grantTypes;
        this.authMethod = authMethod;
    }

    public List<String> grantTypes() {
        return grantTypes;
    }

    public String authMethod() {
        return authMethod;
    }

    /** People sign in to it, so it has redirect URIs. */
    public boolean signsPeopleIn() {
        return this != SERVICE;
    }

    static AppKind of(List<String> grantTypes, String authMethod) {
        if ("none".equals(authMethod)) {
            return PUBLIC;
        }
        return grantTypes != null && grantTypes.contains("authorization_code") ? WEB : SERVICE;
    }
}
