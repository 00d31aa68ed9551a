package uk.civicid.broker.federation;

import java.util.List;

/** What testing the connection to an upstream found, check by check, in the order they ran. */
public record ConnectionReport(List<Check> checks) {

    /** @param detail what was found, a sentence for an administrator; never a secret */
    public record Check(String name, boolean ok, String detail) {}

    public ConnectionReport {
        checks = List.copyOf(checks);
    }

    public boolean ok() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }
}
