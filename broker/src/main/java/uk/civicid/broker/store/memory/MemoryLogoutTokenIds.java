package uk.civicid.broker.store.memory;

import java.time.Clock;
import java.time.Duration;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.federation.LogoutTokenIds;

public class MemoryLogoutTokenIds implements LogoutTokenIds {

    private final ExpiringMap<String, Boolean> used;

    public MemoryLogoutTokenIds(Clock clock) {
        this.used = new ExpiringMap<>(clock);
    }

    @Override
    public boolean useOnce(String upstreamId, String jti, Duration timeToLive) {
        return used.putIfAbsent(Sha256.base64Url(upstreamId + "\n" + jti), Boolean.TRUE, timeToLive);
    }
}
