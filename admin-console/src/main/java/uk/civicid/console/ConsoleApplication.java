package uk.civicid.console;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The CivicID admin console: web pages for app teams (register and manage their apps) and administrators
 * (upstream logins, people, signing keys, the audit log). It signs in through the broker like any app and calls
 * the broker's admin API with the signed-in person's access token; it keeps no data of its own.
 */
@SpringBootApplication
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleApplication {

    /**
     * The console as it is started by {@link #main} and by tests. It reads {@code console.yml} rather than
     * {@code application.yml}, so it can share a classpath (and a JVM) with the broker in the broker's browser tests.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ConsoleApplication.class)
                .properties("spring.config.name=console");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
