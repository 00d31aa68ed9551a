package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import uk.civicid.broker.client.ClientCatalogue;
import uk.civicid.broker.client.RegisteredApp;
import uk.civicid.broker.store.memory.MemoryAppRepository;

/** The token endpoint looks an app up to authenticate it and again to read its grant: one store read per request. */
@Tag("unit")
class ClientCatalogueTest {

    final AtomicInteger reads = new AtomicInteger();
    final MemoryAppRepository apps = new MemoryAppRepository() {
        @Override
        public Optional<RegisteredApp> find(String clientId) {
            reads.incrementAndGet();
            return super.find(clientId);
        }
    };
    final ClientCatalogue catalogue = new ClientCatalogue(List.of(), apps, AuthorizationServiceContract.TOKENS);

    @AfterEach
    void endRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void aRegisteredApp_isReadOncePerRequest_andAfreshInTheNext() {
        apps.create(AppRepositoryContract.app("tax"));
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        assertThat(catalogue.findByClientId("tax")).isNotNull();
        assertThat(catalogue.findById("tax")).isNotNull();
        assertThat(reads).hasValue(1);

        apps.update("tax", app -> app.withEnabled(false)); // on another node, say
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        assertThat(catalogue.findByClientId("tax")).isNull();
        assertThat(reads).hasValue(2);
    }

    @Test
    void outsideARequest_everyLookupReadsTheStore() {
        apps.create(AppRepositoryContract.app("tax"));
        catalogue.findByClientId("tax");
        catalogue.findByClientId("tax");
        assertThat(reads).hasValue(2);
    }
}
