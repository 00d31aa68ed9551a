package uk.civicid.broker.keys;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's signing keys as every node sees them, rotated without downtime across replicas:
 * <ol>
 *   <li>a new key pair is added to the store when the newest is older than the rotation period (one node wins
 *   the compare-and-set);</li>
 *   <li>every node rereads the store each refresh interval, so the new keys are published in the JWKS of every
 *   node before any node signs with them: a key signs only once it is two refresh intervals old;</li>
 *   <li>a superseded key stays published until no token signed with it can still be valid, then is removed.</li>
 * </ol>
 */
public final class PublishedKeys implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(PublishedKeys.class);

    private final SigningKeyRepository repository;
    private final Clock clock;
    private final Duration rotation;
    private final Duration publishDelay;
    private final Duration keepSuperseded;
    private volatile List<SigningKey> keys;
    private volatile JWKSet published;

    /** @param longestTokenLife how long a token signed by a key may be valid (the longest of access and ID tokens) */
    public PublishedKeys(SigningKeyRepository repository, Clock clock, Duration rotation, Duration refresh, Duration longestTokenLife) {
        this.repository = repository;
        this.clock = clock;
        this.rotation = rotation;
        this.publishDelay = refresh.multipliedBy(2);
        this.keepSuperseded = longestTokenLife.plus(publishDelay);
        List<SigningKey> stored = repository.findAll();
        use(stored.isEmpty() ? repository.saveIfEmpty(List.of(SigningKeys.generate(true, clock), SigningKeys.generate(false, clock))) : stored);
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(published);
    }

    /** The key to sign with among those of one algorithm: the newest that every node has published by now. */
    public JWK signingKey(List<JWK> candidates) {
        Map<String, Instant> created = keys.stream().collect(Collectors.toMap(SigningKey::keyId, SigningKey::createdAt));
        Instant publishedEverywhere = clock.instant().minus(publishDelay);
        Comparator<JWK> byAge = Comparator.comparing(k -> created.getOrDefault(k.getKeyID(), Instant.EPOCH));
        return candidates.stream().filter(k -> !created.getOrDefault(k.getKeyID(), Instant.EPOCH).isAfter(publishedEverywhere))
                .max(byAge).orElseGet(() -> candidates.stream().min(byAge).orElseThrow());
    }

    /** Rereads (and rotates when due) the keys: each refresh interval, through its {@code Refresher}. */
    public void rotateAndRefresh() {
        use(repository.update(current -> rotated(current, false)));
    }

    /**
     * Rotates now (an administrator's request): a new pair, published here at once and on every node within a refresh
     * interval, which signs once every node has had time to publish it; the old keys stay published as in a due rotation.
     */
    public List<KeyState> rotateNow() {
        use(repository.update(current -> rotated(current, true)));
        return states();
    }

    /** Whether a key signs now, is published for tokens it signed before, or is published ahead of signing. */
    public enum State { SIGNING, PUBLISHED, NEXT }

    /** @param retireAfter when a superseded key stops being published (null while it signs or is next) */
    public record KeyState(String keyId, String algorithm, Instant createdAt, State state, Instant retireAfter) {}

    /** The keys this node has, oldest first within each algorithm, and what each is doing. */
    public List<KeyState> states() {
        Instant publishedEverywhere = clock.instant().minus(publishDelay);
        List<KeyState> states = new ArrayList<>();
        byAlgorithm(keys).forEach((algorithm, ofOne) -> {
            // As signingKey picks: the newest published everywhere, or the oldest while none is.
            SigningKey signing = ofOne.stream().filter(k -> !k.createdAt().isAfter(publishedEverywhere)).reduce((a, b) -> b)
                    .orElse(ofOne.get(0));
            for (int i = 0; i < ofOne.size(); i++) {
                SigningKey key = ofOne.get(i);
                int order = key.createdAt().compareTo(signing.createdAt());
                State state = key == signing ? State.SIGNING : order < 0 ? State.PUBLISHED : State.NEXT;
                states.add(new KeyState(key.keyId(), algorithm.getName(), key.createdAt(), state,
                        state == State.PUBLISHED ? retiresAt(ofOne.get(i + 1)) : null));
            }
        });
        return states;
    }

    /** When the key before {@code successor} is dropped: once no token it signed can still be valid. */
    private Instant retiresAt(SigningKey successor) {
        return successor.createdAt().plus(publishDelay).plus(keepSuperseded);
    }

    /** Keys grouped by algorithm, each group oldest first. */
    private static Map<Algorithm, List<SigningKey>> byAlgorithm(List<SigningKey> keys) {
        Map<Algorithm, List<SigningKey>> grouped = new java.util.TreeMap<>(Comparator.comparing(Algorithm::getName));
        keys.stream().sorted(Comparator.comparing(SigningKey::createdAt))
                .forEach(k -> grouped.computeIfAbsent(algorithm(k), a -> new ArrayList<>()).add(k));
        return grouped;
    }

    /** The keys after adding a new pair if the newest is due (or {@code now}), and dropping superseded ones no valid token can use. */
    private List<SigningKey> rotated(List<SigningKey> current, boolean now) {
        Instant at = clock.instant();
        List<SigningKey> next = new ArrayList<>(current);
        Instant newest = current.stream().map(SigningKey::createdAt).max(Instant::compareTo).orElse(Instant.EPOCH);
        if (now || newest.plus(rotation).isBefore(at)) {
            next.add(SigningKeys.generate(true, clock));
            next.add(SigningKeys.generate(false, clock));
            log.info("event=signing_keys_rotated");
        }
        byAlgorithm(next).values().forEach(keysOfOneAlgorithm -> {
            // The successor took over when it had been published everywhere; tokens of the old key last keepSuperseded after.
            for (int i = 0; i + 1 < keysOfOneAlgorithm.size(); i++) {
                if (retiresAt(keysOfOneAlgorithm.get(i + 1)).isBefore(at)) {
                    next.remove(keysOfOneAlgorithm.get(i));
                }
            }
        });
        return next.size() == current.size() && next.containsAll(current) ? current : next;
    }

    private void use(List<SigningKey> stored) {
        this.keys = List.copyOf(stored);
        this.published = new JWKSet(stored.stream().map(SigningKeys::parse).toList());
    }

    private static Algorithm algorithm(SigningKey key) {
        return SigningKeys.parse(key).getAlgorithm();
    }
}
