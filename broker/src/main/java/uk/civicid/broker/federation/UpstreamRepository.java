package uk.civicid.broker.federation;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where upstreams added through the admin API are kept, shared by every node. Every change moves a generation number,
 * so a node learns whether anything changed with one small read and rereads the upstreams only then.
 */
public interface UpstreamRepository {

    List<RegisteredUpstream> findAll();

    Optional<RegisteredUpstream> find(String id);

    /** Stores a new upstream; false (and nothing written) if one with its id is stored already. */
    boolean add(RegisteredUpstream upstream);

    /** Replaces an upstream with {@code change} applied to its current value (compare-and-set, retried); empty if there is none. */
    Optional<RegisteredUpstream> update(String id, UnaryOperator<RegisteredUpstream> change);

    /** A number that changes whenever an upstream is added or changed. */
    long generation();
}
