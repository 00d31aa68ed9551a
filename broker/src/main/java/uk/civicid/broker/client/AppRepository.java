package uk.civicid.broker.client;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where apps registered at run time live (configured apps are never here). */
public interface AppRepository {

    List<RegisteredApp> findAll();

    Optional<RegisteredApp> find(String clientId);

    /** Stores a new app; false, storing nothing, when its client id is taken. */
    boolean create(RegisteredApp app);

    /**
     * Replaces an app with {@code change} applied to its current value (compare-and-set: a concurrent change is
     * retried, never lost); empty if there is no such app.
     */
    Optional<RegisteredApp> update(String clientId, UnaryOperator<RegisteredApp> change);

    /** Removes an app; false if there was none. */
    boolean delete(String clientId);
}
