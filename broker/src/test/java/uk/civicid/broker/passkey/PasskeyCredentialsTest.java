package uk.civicid.broker.passkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.MapUserCredentialRepository;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.store.memory.MemoryAuditLog;

/** The passkey rules in front of the store, without a browser. */
@Tag("unit")
class PasskeyCredentialsTest {

    final MemoryAuditLog log = new MemoryAuditLog(100);
    final PasskeyCredentials credentials = new PasskeyCredentials(new MapUserCredentialRepository(), List.of(), new Audit(log, Clock.systemUTC(), new SimpleMeterRegistry()));
    final Bytes id = Bytes.random();
    final Bytes person = Bytes.random();

    CredentialRecord withCount(Bytes user, long count) {
        return ImmutableCredentialRecord.builder().credentialType(PublicKeyCredentialType.PUBLIC_KEY).credentialId(id)
                .userEntityUserId(user).publicKey(new ImmutablePublicKeyCose(new byte[] {1})).signatureCount(count).build();
    }

    @Test
    void aCounterThatGoesUp_isSaved() {
        credentials.save(withCount(person, 3));
        credentials.save(withCount(person, 4));
        assertThat(credentials.findByCredentialId(id).getSignatureCount()).isEqualTo(4);
    }

    /** WebAuthn §6.1.1 step 22: a counter that does not increase signals a cloned authenticator. */
    @Test
    void aCounterThatDoesNotGoUp_isRefused_andAudited() {
        credentials.save(withCount(person, 5));
        assertThatThrownBy(() -> credentials.save(withCount(person, 5))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> credentials.save(withCount(person, 2))).isInstanceOf(BadCredentialsException.class);
        assertThat(credentials.findByCredentialId(id).getSignatureCount()).isEqualTo(5);
        assertThat(log.recent(10)).filteredOn(e -> e.type() == AuditEventType.PASSKEY_COUNTER_REGRESSION).hasSize(2);
    }

    /** Authenticators that keep no counter send zero every time; that is allowed. */
    @Test
    void anAuthenticatorWithoutACounter_isAccepted() {
        credentials.save(withCount(person, 0));
        credentials.save(withCount(person, 0));
        assertThat(credentials.findByCredentialId(id)).isNotNull();
    }

    @Test
    void aPasskeyCannotMoveToAnotherPerson() {
        credentials.save(withCount(person, 1));
        assertThatThrownBy(() -> credentials.save(withCount(Bytes.random(), 2))).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void anAuthenticatorModelNotOnTheAllowList_isRefused() {
        PasskeyCredentials strict = new PasskeyCredentials(new MapUserCredentialRepository(),
                List.of("ee882879-721c-4913-9775-3dfcce97072a"), new Audit(log, Clock.systemUTC(), new SimpleMeterRegistry()));
        assertThatThrownBy(() -> strict.save(withCount(person, 0))).isInstanceOf(BadCredentialsException.class);
        assertThat(strict.findByCredentialId(id)).isNull();
    }
}
