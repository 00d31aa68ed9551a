package uk.civicid.broker.store.memory;

import java.time.Clock;
import java.time.Duration;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.client.ClientAssertionIds;

public class MemoryClientAssertionIds implements ClientAssertionIds {

    private final ExpiringMap<String, Boolean> used;

    public MemoryClientAssertionIds(Clock clock) {
        this.used = new ExpiringMap<>(clock);
    }

    @Override
    public boolean useOnce(String clientId, String jti, Duration timeToLive) {
        return used.putIfAbsent(Sha256.base64Url(clientId + "\n" + jti), Boolean.TRUE, timeToLive);
    }
}
