package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one rule for apps and upstreams: configuration wins, is listed first, and cannot be changed through the store. */
@Tag("unit")
class ConfiguredOverStoredTest {

    record Value(String id, String source) {}

    private final ConfiguredOverStored<Value> overlay = new ConfiguredOverStored<>(
            List.of(new Value("council", "configured"), new Value("nhs", "configured")), Value::id);

    @Test
    void aConfiguredValue_winsOverAStoredOneOfItsId_andOthersComeFromTheStore() {
        assertThat(overlay.find("council", id -> Optional.of(new Value(id, "stored")))).contains(new Value("council", "configured"));
        assertThat(overlay.find("library", id -> Optional.of(new Value(id, "stored")))).contains(new Value("library", "stored"));
        assertThat(overlay.find(null, id -> Optional.of(new Value(id, "stored")))).isEmpty();
    }

    @Test
    void all_listsConfiguredFirstInTheirOrder_thenStoredOnesNotShadowed() {
        List<Value> stored = List.of(new Value("library", "stored"), new Value("council", "stored"));
        assertThat(overlay.all(stored, Value::id)).containsExactly(new Value("council", "configured"), new Value("nhs", "configured"),
                new Value("library", "stored"));
        assertThat(overlay.storedOnly(stored, Value::id)).containsExactly(new Value("library", "stored"));
    }

    @Test
    void aChangeToAConfiguredValue_isRefused_andToAStoredOne_isNot() {
        assertThatThrownBy(() -> overlay.refuseChange("nhs", () -> new IllegalStateException("configured: change it there")))
                .isInstanceOf(IllegalStateException.class).hasMessage("configured: change it there");
        overlay.refuseChange("library", () -> new IllegalStateException("not thrown"));
        assertThat(overlay.isConfigured("nhs")).isTrue();
        assertThat(overlay.isConfigured("library")).isFalse();
        assertThat(overlay.isConfigured(null)).isFalse();
    }
}
