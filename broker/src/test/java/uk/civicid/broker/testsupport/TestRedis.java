package uk.civicid.broker.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Redis for tests. The one named by {@code CIVICID_TEST_REDIS_URL} when set (shared: tests only use their
 * own key prefix and never flush it), else a {@code redis-server} this fixture starts on a free loopback port,
 * which it can also stop and restart for fault tests.
 */
public final class TestRedis implements AutoCloseable {

    /** A fixed key-encryption key for tests (base64 of 32 bytes). */
    public static final String TEST_KEK = Base64.getEncoder().encodeToString(new byte[32]);

    private final String host = "127.0.0.1";
    private final int port;
    private final Path dir;
    private final boolean appendOnly;
    private final String keyPrefix = "test-" + UUID.randomUUID() + ":";
    private Process process;

    private TestRedis(int port, Path dir, boolean appendOnly) {
        this.port = port;
        this.dir = dir;
        this.appendOnly = appendOnly;
    }

    /** The shared Redis if one is given, else a new server that keeps nothing on disk. */
    public static TestRedis start() {
        String given = System.getenv("CIVICID_TEST_REDIS_URL");
        if (given != null && !given.isBlank()) {
            return new TestRedis(java.net.URI.create(given).getPort(), null, false);
        }
        return startOwn(false);
    }

    /** A new server of our own (never the shared one), with append-only persistence when asked. */
    public static TestRedis startOwn(boolean appendOnly) {
        try {
            TestRedis redis = new TestRedis(TestBroker.freePort(), Files.createTempDirectory("civicid-redis"), appendOnly);
            redis.startProcess();
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "redis://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** What a broker needs to use this Redis, with this fixture's key prefix. */
    public Map<String, Object> brokerProperties() {
        return Map.of("spring.data.redis.url", url(), "civicid.store.key-prefix", keyPrefix,
                "civicid.store.key-encryption-key", TEST_KEK);
    }

    /** Stops the server (only one this fixture started). */
    public void stop() {
        requireOwn();
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waitUntil(false);
    }

    /** Starts it again on the same port, with the same data directory. */
    public void restart() {
        requireOwn();
        startProcess();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", host, "--port", String.valueOf(port),
                "--dir", dir.toString(), "--save", "", "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always"));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (is it installed? ./scripts/test installs it)", e);
        }
        waitUntil(true);
    }

    private void requireOwn() {
        if (process == null) {
            throw new IllegalStateException("this test needs a Redis of its own; unset CIVICID_TEST_REDIS_URL");
        }
    }

    private void waitUntil(boolean listening) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket(host, port)) {
                if (listening) {
                    return;
                }
            } catch (IOException e) {
                if (!listening) {
                    return;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("redis-server on port " + port + (listening ? " did not start" : " did not stop"));
    }
}
