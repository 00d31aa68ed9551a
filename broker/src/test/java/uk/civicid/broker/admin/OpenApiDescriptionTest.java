package uk.civicid.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import uk.civicid.broker.testsupport.TestBroker;

/**
 * The served OpenAPI description stays true: every admin API mapping is described, and every described operation is
 * mapped (compared as method and path, path variables by position).
 */
class OpenApiDescriptionTest {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(Map.of());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMappingIsDescribed_andEveryDescribedOperationIsMapped() {
        TestBroker.Json served = broker.send("GET", AdminApiConfiguration.BASE + "/openapi.json", null, null);
        assertThat(served.status()).as("public, without a token").isEqualTo(200);
        assertThat(served.body()).containsEntry("openapi", "3.1.0");

        Set<String> described = new TreeSet<>();
        ((Map<String, Map<String, Object>>) served.body().get("paths")).forEach((path, operations) -> operations.keySet().stream()
                .filter(method -> Set.of("get", "put", "post", "delete", "patch").contains(method))
                .forEach(method -> described.add(method.toUpperCase() + " " + normalised(AdminApiConfiguration.BASE + path))));

        Set<String> mapped = new TreeSet<>();
        // The application's own mappings (the dispatcher knows them once it has served a request, as above).
        RequestMappingHandlerMapping handlers = broker.bean(DispatcherServlet.class).getHandlerMappings().stream()
                .filter(m -> m.getClass() == RequestMappingHandlerMapping.class).map(RequestMappingHandlerMapping.class::cast)
                .findFirst().orElseThrow();
        handlers.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(path -> path.startsWith(AdminApiConfiguration.BASE + "/"))
                .forEach(path -> info.getMethodsCondition().getMethods()
                        .forEach(method -> mapped.add(method.name() + " " + normalised(path)))));

        Set<String> undescribed = new TreeSet<>(mapped);
        undescribed.removeAll(described);
        Set<String> unmapped = new TreeSet<>(described);
        unmapped.removeAll(mapped);
        assertThat(undescribed).as("mapped but not described in admin/openapi.json").isEmpty();
        assertThat(unmapped).as("described in admin/openapi.json but not mapped (expected while an endpoint is still being built)").isEmpty();
    }

    private static String normalised(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }
}
