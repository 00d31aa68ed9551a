package uk.civicid.broker.admin;

/**
 * The person calling the admin API, resolved from the console's access token on every request.
 *
 * @param accountId     the broker account of the person (the token's {@code sub})
 * @param administrator whether they manage everything; otherwise they are an app team member, who sees and
 *                      changes only the apps they own
 */
public record AdminCaller(String accountId, boolean administrator) {

    /** Refuses an app team member where only an administrator may act. */
    public void requireAdministrator() {
        if (!administrator) {
            throw AdminProblem.forbidden("only an administrator can do this");
        }
    }
}
