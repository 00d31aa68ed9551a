package uk.civicid.broker.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEvent;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.federation.UpstreamIdentity;
import uk.civicid.broker.store.memory.MemoryAccountRepository;
import uk.civicid.broker.store.memory.MemoryAuditLog;

/** The account rules, without Spring or a network: find or create by issuer and subject, link only on purpose, never by email. */
@Tag("unit")
class AccountResolverTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private final MemoryAccountRepository accounts = new MemoryAccountRepository();
    private final MemoryAuditLog log = new MemoryAuditLog(100);
    private final AccountResolver resolver = new AccountResolver(accounts, new Audit(log, Clock.fixed(NOW, ZoneOffset.UTC),
            new SimpleMeterRegistry()), Clock.fixed(NOW, ZoneOffset.UTC));

    static UpstreamIdentity identity(String upstreamId, String issuer, String subject, String email, String name) {
        return new UpstreamIdentity(upstreamId, issuer, subject, new UpstreamIdentity.Profile(name, email, true),
                "http://eidas.europa.eu/LoA/low", List.of("fed"), NOW, null);
    }

    @Test
    void aFirstSignIn_createsAnAccount_andTheNextFindsIt_withTheProfileKeptCurrent() {
        Account created = resolver.signIn(identity("council", "https://login.council", "alice", "alice@example.org", "Alice"));
        Account again = resolver.signIn(identity("council", "https://login.council", "alice", "alice@new.example", "Alice Smith"));

        assertThat(again.id()).isEqualTo(created.id());
        assertThat(again.email()).isEqualTo("alice@new.example");
        assertThat(again.name()).isEqualTo("Alice Smith");
        assertThat(types()).containsExactly(AuditEventType.ACCOUNT_CREATED);
    }

    /** Account takeover by email: the same email at another upstream is another person until they link on purpose. */
    @Test
    void theSameEmailAtAnotherUpstream_isAnotherAccount() {
        Account council = resolver.signIn(identity("council", "https://login.council", "alice", "alice@example.org", "Alice"));
        Account nhs = resolver.signIn(identity("nhs", "https://login.nhs", "9990001", "alice@example.org", "Alice"));

        assertThat(nhs.id()).isNotEqualTo(council.id());
    }

    @Test
    void theSameSubjectAtAnotherIssuer_isAnotherAccount() {
        Account one = resolver.signIn(identity("council", "https://login.council", "42", "a@example.org", "A"));
        Account other = resolver.signIn(identity("library", "https://login.library", "42", "b@example.org", "B"));

        assertThat(other.id()).isNotEqualTo(one.id());
    }

    @Test
    void aLinkedLogin_signsInToTheAccountItWasLinkedTo() {
        Account council = resolver.signIn(identity("council", "https://login.council", "alice", "alice@example.org", "Alice"));
        resolver.link(council.id(), identity("nhs", "https://login.nhs", "9990001", "alice@nhs.example", "Alice"));

        assertThat(resolver.signIn(identity("nhs", "https://login.nhs", "9990001", "alice@nhs.example", "Alice")).id()).isEqualTo(council.id());
        assertThat(types()).containsExactly(AuditEventType.LOGIN_LINKED, AuditEventType.ACCOUNT_CREATED);
    }

    /** A login linked to one account cannot be moved to another by linking it again: refused and audited. */
    @Test
    void linkingALoginOfAnotherAccount_isRefused_andAudited() {
        Account alice = resolver.signIn(identity("council", "https://login.council", "alice", "a@example.org", "Alice"));
        Account bob = resolver.signIn(identity("council", "https://login.council", "bob", "b@example.org", "Bob"));

        assertThatThrownBy(() -> resolver.link(bob.id(), identity("council", "https://login.council", "alice", "a@example.org", "Alice")))
                .isInstanceOf(IdentityAlreadyLinkedException.class);
        assertThat(log.recent(1).get(0).type()).isEqualTo(AuditEventType.LOGIN_LINK_REFUSED);
        assertThat(resolver.signIn(identity("council", "https://login.council", "alice", "a@example.org", "Alice")).id()).isEqualTo(alice.id());
    }

    @Test
    void aDisabledAccount_cannotSignIn_andNothingOfTheSignInIsRecorded() {
        Account alice = resolver.signIn(identity("council", "https://login.council", "alice", "a@example.org", "Alice"));
        accounts.update(alice.id(), a -> a.withDisabledAt(NOW));

        assertThatThrownBy(() -> resolver.signIn(identity("council", "https://login.council", "alice", "new@example.org", "New")))
                .isInstanceOf(AccountDisabledException.class);
        assertThat(accounts.findById(alice.id()).orElseThrow().email()).isEqualTo("a@example.org");
    }

    @Test
    void theLastLogin_cannotBeUnlinked_anotherCan() {
        Account alice = resolver.signIn(identity("council", "https://login.council", "alice", "a@example.org", "Alice"));
        LinkedIdentity.IdentityKey council = new LinkedIdentity.IdentityKey("https://login.council", "alice");

        assertThat(resolver.unlink(alice.id(), council)).as("the only login").isFalse();
        resolver.link(alice.id(), identity("nhs", "https://login.nhs", "9990001", "a@example.org", "Alice"));
        assertThat(resolver.unlink(alice.id(), council)).isTrue();
        assertThat(accounts.findById(alice.id()).orElseThrow().links()).extracting(LinkedIdentity::upstreamId).containsExactly("nhs");
        assertThat(log.recent(1).get(0).type()).isEqualTo(AuditEventType.LOGIN_UNLINKED);
    }

    private List<AuditEventType> types() {
        return log.recent(10).stream().map(AuditEvent::type).toList();
    }
}
