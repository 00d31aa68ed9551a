package uk.civicid.console.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.console.api.AuditEvent;

/** Before and after, as the audit page shows them: only what changed, one row per setting. */
class AuditEntryTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aChange_showsOnlyTheSettingsThatDiffer() {
        AuditEntry entry = AuditEntry.of(event(Map.of("target", "app",
                "before", "{\"client_name\":\"Bins\",\"redirect_uris\":[\"https://a\"],\"enabled\":true}",
                "after", "{\"client_name\":\"Bins\",\"redirect_uris\":[\"https://a\",\"https://b\"],\"enabled\":true}")), json);

        assertThat(entry.target()).isEqualTo("app");
        assertThat(entry.changes()).containsExactly(
                new AuditEntry.Change("redirect_uris", "[\"https://a\"]", "[\"https://a\",\"https://b\"]"));
        assertThat(entry.otherDetails()).isEmpty();
    }

    @Test
    void aCreation_showsEverySettingAsNew_andOtherDetailsAsTheyAre() {
        AuditEntry entry = AuditEntry.of(event(Map.of("before", "null", "after", "{\"id\":\"nhs\"}", "reason", "requested")), json);

        assertThat(entry.changes()).containsExactly(new AuditEntry.Change("id", null, "nhs"));
        assertThat(entry.otherDetails()).containsExactly(Map.entry("reason", "requested"));
    }

    @Test
    void detailsThatAreNotJson_areShownAsText() {
        AuditEntry entry = AuditEntry.of(event(Map.of("before", "not json {", "after", "x")), json);

        assertThat(entry.changes()).hasSize(1);
    }

    private static AuditEvent event(Map<String, Object> details) {
        return new AuditEvent("e1", Instant.parse("2026-12-01T07:00:00Z"), "APP_CHANGED", "acct", "bins", null, details);
    }
}
