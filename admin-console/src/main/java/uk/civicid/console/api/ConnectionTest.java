package uk.civicid.console.api;

import java.util.List;

/** The broker's checks of an upstream: discovery, keys; each with what it found. */
public record ConnectionTest(boolean ok, List<Check> checks) {

    public record Check(String name, boolean ok, String detail) {}
}
