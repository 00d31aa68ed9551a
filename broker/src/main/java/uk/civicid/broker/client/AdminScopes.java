package uk.civicid.broker.client;

import java.util.Set;

/**
 * The scopes of the admin API. Only apps configured under {@code civicid.clients} (the console) may be given them:
 * dynamic registration refuses them, so no self-registered app can ask a person for admin rights.
 */
public final class AdminScopes {

    /** Administration of everything: upstreams, people, signing keys, audit, every app. */
    public static final String ADMIN = "civicid.admin";
    /** An app team's own apps. */
    public static final String APPS = "civicid.apps";

    public static final Set<String> ALL = Set.of(ADMIN, APPS);

    private AdminScopes() {}
}
