package uk.civicid.broker.config;

import java.net.URI;
import java.util.Set;

/** Upstream endpoints must be https; plain http is accepted only on the loopback interface (tests, demo). */
public final class UpstreamUris {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private UpstreamUris() {}

    public static boolean acceptable(URI uri) {
        return uri.isAbsolute() && uri.getHost() != null && uri.getFragment() == null
                && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && LOOPBACK.contains(uri.getHost()));
    }
}
