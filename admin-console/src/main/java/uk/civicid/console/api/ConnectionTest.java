package uk.civicid.console.api;

import java.util.List;

/** The broker's checks of an upstream: discovery, keys; each with what it found. */
public record ConnectionTest(Boolean ok, List<Check> checks) {

    public ConnectionTest {
        ok = Boolean.TRUE.equals(ok);
        checks = checks == null ? List.of() : checks;
    }

    public record Check(String name, Boolean ok, String detail) {

        public Check {
            ok = Boolean.TRUE.equals(ok);
        }
    }
}
