package uk.civicid.broker.account;

/** Published when an administrator disables an account: whatever it is signed in to is ended by the listeners. */
public record AccountDisabled(String accountId) {}
