package uk.civicid.broker.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A concurrent map whose entries expire, as Redis keys do: expired entries are invisible at once and
 * swept out as the map is written, so nothing grows without bound.
 */
final class ExpiringMap<K, V> {

    private record Entry<V>(V value, Instant expiresAt) {}

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant nextSweep = Instant.MIN;

    ExpiringMap(Clock clock) {
        this.clock = clock;
    }

    void put(K key, V value, Duration timeToLive) {
        sweepIfDue();
        entries.put(key, new Entry<>(value, clock.instant().plus(timeToLive)));
    }

    /** Stores the entry unless a live one has this key, atomically; whether it was stored. */
    boolean putIfAbsent(K key, V value, Duration timeToLive) {
        return putIf(key, Objects::isNull, value, timeToLive);
    }

    /** Stores the entry if the live value under the key (null: none) passes the test, atomically; whether it was stored. */
    boolean putIf(K key, Predicate<V> current, V value, Duration timeToLive) {
        sweepIfDue();
        Entry<V> fresh = new Entry<>(value, clock.instant().plus(timeToLive));
        return entries.compute(key, (k, entry) -> current.test(entry == null || expired(entry) ? null : entry.value()) ? fresh : entry) == fresh;
    }

    /**
     * Replaces the live value under the key (null: none) with what the change makes of it, atomically (null removes
     * it), to expire when the new value says.
     */
    void compute(K key, UnaryOperator<V> change, Function<V, Instant> expiresAt) {
        sweepIfDue();
        entries.compute(key, (k, entry) -> {
            V next = change.apply(entry == null || expired(entry) ? null : entry.value());
            return next == null ? null : new Entry<>(next, expiresAt.apply(next));
        });
    }

    Optional<V> get(K key) {
        Entry<V> entry = entries.get(key);
        return entry == null || expired(entry) ? Optional.empty() : Optional.of(entry.value());
    }

    /** Removes and returns a live entry atomically. */
    Optional<V> remove(K key) {
        Entry<V> entry = entries.remove(key);
        return entry == null || expired(entry) ? Optional.empty() : Optional.of(entry.value());
    }

    /** Atomically replaces a live entry's value (the function may return null to remove it), keeping or setting its expiry. */
    Optional<V> update(K key, BiFunction<K, V, V> change, Duration newTimeToLive) {
        Entry<V> next = entries.computeIfPresent(key, (k, entry) -> {
            if (expired(entry)) {
                return null;
            }
            V value = change.apply(k, entry.value());
            return value == null ? null : new Entry<>(value, newTimeToLive == null ? entry.expiresAt() : clock.instant().plus(newTimeToLive));
        });
        return Optional.ofNullable(next).map(Entry::value);
    }

    private boolean expired(Entry<V> entry) {
        return !entry.expiresAt().isAfter(clock.instant());
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        if (now.isAfter(nextSweep)) {
            nextSweep = now.plusSeconds(30);
            entries.values().removeIf(this::expired);
        }
    }
}
