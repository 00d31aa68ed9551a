package uk.civicid.broker.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.store.memory.MemorySigningKeyRepository;
import uk.civicid.broker.testsupport.TestUpstream;
import uk.civicid.broker.store.memory.MemoryUpstreamRepository;

/** Which upstreams a node serves, and that sign-ins cost no store I/O: the store is read only when its generation moved. */
@Tag("unit")
class UpstreamsTest {

    /** Counts what the node asks of the store. */
    static final class CountingRepository implements UpstreamRepository {
        final MemoryUpstreamRepository store = new MemoryUpstreamRepository();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger generationReads = new AtomicInteger();

        @Override public List<RegisteredUpstream> findAll() { reads.incrementAndGet(); return store.findAll(); }
        @Override public Optional<RegisteredUpstream> find(String id) { reads.incrementAndGet(); return store.find(id); }
        @Override public boolean add(RegisteredUpstream upstream) { return store.add(upstream); }
        @Override public Optional<RegisteredUpstream> update(String id, UnaryOperator<RegisteredUpstream> change) { return store.update(id, change); }
        @Override public long generation() { generationReads.incrementAndGet(); return store.generation(); }
    }

    final CountingRepository repository = new CountingRepository();
    final CivicIdProperties properties = new Binder(new MapConfigurationPropertySource(TestUpstream.properties(
            Map.of("civicid.issuer", "https://id.council.example"),
            TestUpstream.at("council", "https://login.council.example", "civicid", "s").named("Council staff"))))
            .bind("civicid", CivicIdProperties.class).get();
    final Upstreams upstreams = new Upstreams(properties, repository,
            new UpstreamConnectors(properties, HttpClient.newHttpClient(), Clock.systemUTC(), new SimpleMeterRegistry(),
                    new UpstreamClientKeys(new UpstreamClientKeyStore(new MemorySigningKeyRepository()), properties, Clock.systemUTC())));

    static RegisteredUpstream stored(String id, boolean enabled) {
        return new RegisteredUpstream(new CivicIdProperties.Upstream(id, null, new CivicIdProperties.LocalisedText(id, null),
                URI.create("https://" + id + ".example"), "civicid", null, "s", null, null, null, null, null, null, null, null, null, null, null, null, enabled), null);
    }

    @Test
    void signIns_readOnlyMemory_andARefreshWithNoChange_readsOnlyTheGeneration() {
        int reads = repository.reads.get();
        for (int i = 0; i < 100; i++) {
            upstreams.find("council");
            upstreams.find("library");
            upstreams.all();
        }
        upstreams.refresh();
        assertThat(repository.reads.get()).isEqualTo(reads);
        assertThat(repository.generationReads.get()).isEqualTo(2); // at start-up, and the refresh
    }

    @Test
    void storedUpstreams_areServedAfterAChange_configurationWins_andDisabledOnesAreNot() {
        repository.add(stored("library", true));
        repository.add(stored("council", true)); // configuration always wins
        repository.add(stored("closed", false));
        assertThat(upstreams.find("library")).isEmpty();
        upstreams.refresh();
        assertThat(upstreams.all()).extracting(Upstreams.Upstream::id).containsExactly("council", "library");
        assertThat(upstreams.find("council").orElseThrow().login().oidc().issuer()).hasToString("https://login.council.example");
        assertThat(upstreams.isConfigured("council")).isTrue();
        assertThat(upstreams.isConfigured("library")).isFalse();
    }

    @Test
    void anUnchangedUpstream_keepsItsConnector_acrossRereads() {
        repository.add(stored("library", true));
        upstreams.refresh();
        UpstreamConnector connector = upstreams.find("library").orElseThrow().connector();
        repository.add(stored("other", true));
        upstreams.refresh();
        assertThat(upstreams.find("library").orElseThrow().connector()).isSameAs(connector);
        repository.update("library", u -> new RegisteredUpstream(u.settings().withEnabled(false), null));
        upstreams.refresh();
        assertThat(upstreams.find("library")).isEmpty();
    }
}
