package uk.civicid.broker;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Values from configuration laid read-only over those stored at run time (through the admin API or registration): the
 * one rule for apps and upstreams alike. A configured value always wins over a stored one with its id, is listed first
 * (in configuration's order), cannot be changed through the store's writers, and cannot be lost with the store.
 *
 * @param <T> what readers see, whichever the source
 */
public final class ConfiguredOverStored<T> {

    private final Map<String, T> configured;

    public ConfiguredOverStored(List<T> configured, Function<T, String> id) {
        Map<String, T> byId = new LinkedHashMap<>();
        configured.forEach(value -> byId.put(id.apply(value), value));
        this.configured = Collections.unmodifiableMap(byId);
    }

    public boolean isConfigured(String id) {
        return id != null && configured.containsKey(id);
    }

    /** The configured value with this id, else the stored one. */
    public Optional<T> find(String id, Function<String, Optional<T>> stored) {
        if (id == null) {
            return Optional.empty();
        }
        T value = configured.get(id);
        return value != null ? Optional.of(value) : stored.apply(id);
    }

    /** The configured values in their order, then the stored ones no configured value shadows. */
    public List<T> all(Collection<T> stored, Function<T, String> id) {
        return Stream.concat(configured.values().stream(), storedOnly(stored, id).stream()).toList();
    }

    /** The stored values no configured value shadows, for a reader that holds the configured ones apart. */
    public <S> List<S> storedOnly(Collection<S> stored, Function<S, String> id) {
        return stored.stream().filter(value -> !configured.containsKey(id.apply(value))).toList();
    }

    /** Refuses a change through the store to a value configuration owns. */
    public void refuseChange(String id, Supplier<? extends RuntimeException> refusal) {
        if (isConfigured(id)) {
            throw refusal.get();
        }
    }
}
