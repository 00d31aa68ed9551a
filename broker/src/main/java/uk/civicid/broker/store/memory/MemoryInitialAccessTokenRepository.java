package uk.civicid.broker.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.client.InitialAccessTokenRepository;

/** Initial access tokens in memory, by hash, expiring. */
public class MemoryInitialAccessTokenRepository implements InitialAccessTokenRepository {

    private final ExpiringMap<String, String> tokens;

    public MemoryInitialAccessTokenRepository(Clock clock) {
        this.tokens = new ExpiringMap<>(clock);
    }

    @Override
    public void save(String token, String issuedBy, Duration timeToLive) {
        tokens.put(Sha256.base64Url(token), issuedBy, timeToLive);
    }

    @Override
    public Optional<String> find(String token) {
        return tokens.get(Sha256.base64Url(token));
    }

    @Override
    public Optional<String> consume(String token) {
        return tokens.remove(Sha256.base64Url(token));
    }
}
