package uk.civicid.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What broker/Dockerfile does, without a container engine (there is none on the build machines): extract the
 * jar's layers with Spring Boot's jar tools, put them together as the image's COPY lines do, and start the
 * broker from that layout with the image's entry point, writing only to its own temporary directory.
 */
class ImageLayoutTest {

    static final Path DOCKERFILE = Path.of("../broker/Dockerfile");

    @Test
    void theDockerfilesLayers_startTheBroker(@TempDir Path work) throws Exception {
        Path jar;
        try (Stream<Path> built = Files.list(Path.of("../broker/target"))) {
            jar = built.filter(p -> p.getFileName().toString().matches("civicid-broker-.*\\.jar")).findFirst().orElseThrow();
        }
        run(work, List.of(java(), "-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(), "extract", "--layers", "--launcher",
                "--destination", work.resolve("extracted").toString()));

        Path image = work.resolve("opt-civicid");
        Files.createDirectories(image);
        String dockerfile = Files.readString(DOCKERFILE);
        Matcher copy = Pattern.compile("COPY --from=layers /layers/extracted/([a-z-]+)/ \\./").matcher(dockerfile);
        int layers = 0;
        while (copy.find()) {
            Path layer = work.resolve("extracted").resolve(copy.group(1));
            assertThat(layer).as("layer %s named in the Dockerfile", copy.group(1)).isDirectory();
            copyTree(layer, image);
            layers++;
        }
        assertThat(layers).isEqualTo(4);
        assertThat(dockerfile).contains("USER 10001:10001").contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");

        int port = freePort();
        Process broker = new ProcessBuilder(java(), "-Djava.io.tmpdir=" + work.resolve("tmp"), "org.springframework.boot.loader.launch.JarLauncher",
                "--spring.profiles.active=demo", "--server.port=" + port, "--server.address=127.0.0.1")
                .directory(image.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("broker.log").toFile()).start();
        Files.createDirectories(work.resolve("tmp"));
        try {
            assertThat(awaitHealth(port)).as("broker started from the image layout; log: %s", work.resolve("broker.log")).isEqualTo(200);
        } finally {
            broker.destroy();
            broker.waitFor();
        }
    }

    private static int awaitHealth(int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        return -1;
    }

    private static void run(Path dir, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
