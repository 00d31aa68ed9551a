package uk.civicid.broker.store.memory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import uk.civicid.broker.federation.RegisteredUpstream;
import uk.civicid.broker.federation.UpstreamRepository;

/** Upstreams added through the admin API, in memory (one node, lost on restart). */
public class MemoryUpstreamRepository implements UpstreamRepository {

    private final Map<String, RegisteredUpstream> upstreams = new LinkedHashMap<>();
    private long generation;

    @Override
    public synchronized List<RegisteredUpstream> findAll() {
        return List.copyOf(upstreams.values());
    }

    @Override
    public synchronized Optional<RegisteredUpstream> find(String id) {
        return Optional.ofNullable(upstreams.get(id));
    }

    @Override
    public synchronized boolean add(RegisteredUpstream upstream) {
        if (upstreams.putIfAbsent(upstream.id(), upstream) != null) {
            return false;
        }
        generation++;
        return true;
    }

    @Override
    public synchronized Optional<RegisteredUpstream> update(String id, UnaryOperator<RegisteredUpstream> change) {
        RegisteredUpstream current = upstreams.get(id);
        if (current == null) {
            return Optional.empty();
        }
        RegisteredUpstream next = change.apply(current);
        upstreams.put(id, next);
        generation++;
        return Optional.of(next);
    }

    @Override
    public synchronized long generation() {
        return generation;
    }
}
