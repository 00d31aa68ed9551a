package uk.civicid.broker.federation;

import java.util.List;
import uk.civicid.broker.config.CivicIdProperties.Upstream.Problem;

/** A change to the upstreams that is not made, and why; nothing was written. */
public class UpstreamChangeRefused extends RuntimeException {

    public enum Reason {
        /** The settings break a rule: see the problems. */
        INVALID,
        /** Another upstream has this id. */
        TAKEN,
        /** The upstream is in configuration, which the admin API does not change. */
        CONFIGURED
    }

    private final Reason reason;
    private final List<Problem> problems;

    public UpstreamChangeRefused(Reason reason, String message, List<Problem> problems) {
        super(message);
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public Reason reason() {
        return reason;
    }

    public List<Problem> problems() {
        return problems;
    }
}
