package uk.civicid.console.web;

/**
 * What the signed-in person may do, as the admin API decides it (from their logins at the broker): administrators
 * manage everything; app team members see and change only their own apps.
 */
public enum Role {
    ADMINISTRATOR,
    APP_TEAM;

    public boolean administrator() {
        return this == ADMINISTRATOR;
    }
}
