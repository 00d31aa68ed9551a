package uk.civicid.broker.identity;

/**
 * The roles a sign-in gives a person in staff apps: the broker's own names, mapped by configuration from an upstream's
 * (Entra ID's app roles and groups), kept with that sign-in only, never with the account. Given as the {@link #CLAIM} claim
 * only to apps granted the {@link #SCOPE} scope, which only apps in the broker's configuration may have.
 */
public final class BrokerRoles {

    public static final String SCOPE = "roles";

    public static final String CLAIM = "roles";

    private BrokerRoles() {}
}
