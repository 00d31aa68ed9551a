package uk.civicid.broker.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A three-master Redis Cluster of {@code redis-server} processes on loopback ports, nothing kept on disk. */
public final class TestRedisCluster implements AutoCloseable {

    private final List<Integer> ports;
    private final List<Process> processes = new ArrayList<>();

    private TestRedisCluster(List<Integer> ports) {
        this.ports = ports;
    }

    public static TestRedisCluster start() {
        TestRedisCluster cluster = new TestRedisCluster(List.of(clusterPort(), clusterPort(), clusterPort()));
        try {
            Path dir = Files.createTempDirectory("civicid-redis-cluster");
            for (int port : cluster.ports) {
                cluster.processes.add(new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                        "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                        "--dir", dir.toString(), "--save", "", "--appendonly", "no")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start());
            }
            for (int port : cluster.ports) {
                cluster.await(port, "PING", "PONG");
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create);
            for (int port : cluster.ports) {
                cluster.await(port, "CLUSTER INFO", "cluster_state:ok");
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw new IllegalStateException("cannot form a Redis Cluster: " + e.getMessage(), e);
        }
    }

    /** What a broker needs to use this cluster. */
    public Map<String, Object> brokerProperties() {
        return Map.of("spring.data.redis.cluster.nodes", ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")),
                "civicid.store.key-prefix", "cluster-test:", "civicid.store.key-encryption-key", TestRedis.TEST_KEK);
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
    }

    /** A free port whose cluster bus port (port + 10000) is free too. */
    private static int clusterPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = TestBroker.freePort();
            if (port < 55535) {
                try (ServerSocket bus = new ServerSocket(port + 10000)) {
                    return port;
                } catch (IOException busTaken) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("no free port pair for a Redis Cluster node");
    }

    private void await(int port, String command, String expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        List<String> cli = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        cli.addAll(List.of(command.split(" ")));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (run(cli).contains(expected)) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the node is still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("Redis node " + port + " never answered " + expected + " to " + command);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
