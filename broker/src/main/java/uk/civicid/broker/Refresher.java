package uk.civicid.broker;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A node's periodic reread of state that other nodes change in the store (signing keys, upstreams), on a daemon
 * thread of its own while the broker runs. A failed run keeps what the node has and is retried at the next interval.
 */
public final class Refresher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Refresher.class);

    private final String name;
    private final Duration every;
    private final Runnable refresh;
    private ScheduledExecutorService thread;

    /** @param name names the thread and the log event ({@code event=<name>_refresh_failed}) */
    public Refresher(String name, Duration every, Runnable refresh) {
        this.name = name;
        this.every = every;
        this.refresh = refresh;
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(() -> {
            try {
                refresh.run();
            } catch (RuntimeException e) {
                log.warn("event={}_refresh_failed error=\"{}\"", name, e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops before the store's connections close (a late phase stops first). */
    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
