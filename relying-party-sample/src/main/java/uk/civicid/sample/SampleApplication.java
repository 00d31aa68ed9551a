package uk.civicid.sample;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A small council service that signs people in through the CivicID broker (OpenID Connect), and
 * has its own API protected by the broker's access tokens. Teams copy it as a starting point.
 */
@SpringBootApplication
public class SampleApplication {

    /**
     * The app as it is started by {@link #main} and by tests. It reads {@code sample.yml} rather than
     * {@code application.yml}, so it can share a classpath (and a JVM) with the broker.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(SampleApplication.class)
                .properties("spring.config.name=sample");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
