package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.MapPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.MapUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import uk.civicid.broker.store.redis.RedisKeys;
import uk.civicid.broker.store.redis.RedisPasskeyRepository;
import uk.civicid.broker.store.redis.RedisPasskeyUserRepository;
import uk.civicid.broker.testsupport.RedisStores;

/** What every passkey store must keep: the public key, counter and flags exactly, found by credential and by person. */
abstract class PasskeyRepositoryContract {

    abstract UserCredentialRepository credentials();

    abstract PublicKeyCredentialUserEntityRepository users();

    static CredentialRecord passkey(Bytes id, Bytes user, long count) {
        return ImmutableCredentialRecord.builder().credentialType(PublicKeyCredentialType.PUBLIC_KEY).credentialId(id)
                .userEntityUserId(user).publicKey(new ImmutablePublicKeyCose(new byte[] {1, 2, 3})).signatureCount(count)
                .uvInitialized(true).transports(Set.of(AuthenticatorTransport.INTERNAL)).backupEligible(true).backupState(false)
                .attestationObject(new Bytes(new byte[] {9, 8, 7})).attestationClientDataJSON(new Bytes(new byte[] {6}))
                .created(Instant.parse("2026-01-01T09:00:00Z")).lastUsed(Instant.parse("2026-01-02T09:00:00Z")).label("Work laptop")
                .build();
    }

    @Test
    void aPasskey_comesBackExactly_byIdAndByPerson_untilRemoved() {
        UserCredentialRepository credentials = credentials();
        Bytes person = Bytes.random();
        CredentialRecord saved = passkey(Bytes.random(), person, 7);
        credentials.save(saved);
        CredentialRecord found = credentials.findByCredentialId(saved.getCredentialId());
        assertThat(found.getSignatureCount()).isEqualTo(7);
        assertThat(found.getPublicKey().getBytes()).isEqualTo(new byte[] {1, 2, 3});
        assertThat(found.isBackupEligible()).isTrue();
        assertThat(found.isBackupState()).isFalse();
        assertThat(found.getAttestationObject()).isEqualTo(saved.getAttestationObject());
        assertThat(found.getTransports()).containsExactly(AuthenticatorTransport.INTERNAL);
        assertThat(found.getLabel()).isEqualTo("Work laptop");
        assertThat(found.getLastUsed()).isEqualTo(saved.getLastUsed());
        credentials.save(passkey(Bytes.random(), person, 0));
        assertThat(credentials.findByUserId(person)).hasSize(2);
        assertThat(credentials.findByUserId(Bytes.random())).isEmpty();

        credentials.delete(saved.getCredentialId());
        assertThat(credentials.findByCredentialId(saved.getCredentialId())).isNull();
        assertThat(credentials.findByUserId(person)).hasSize(1);
    }

    @Test
    void aPersonsUserHandle_isFoundByIdAndByAccount() {
        PublicKeyCredentialUserEntityRepository users = users();
        PublicKeyCredentialUserEntity user = ImmutablePublicKeyCredentialUserEntity.builder().id(Bytes.random()).name("account-1")
                .displayName("Kim Lee").build();
        users.save(user);
        assertThat(users.findByUsername("account-1").getId()).isEqualTo(user.getId());
        assertThat(users.findById(user.getId()).getName()).isEqualTo("account-1");
        users.delete(user.getId());
        assertThat(users.findByUsername("account-1")).isNull();
    }
}

class MemoryPasskeyRepositoryTest extends PasskeyRepositoryContract {
    @Override
    UserCredentialRepository credentials() {
        return new MapUserCredentialRepository();
    }

    @Override
    PublicKeyCredentialUserEntityRepository users() {
        return new MapPublicKeyCredentialUserEntityRepository();
    }
}

class RedisPasskeyRepositoryTest extends PasskeyRepositoryContract {
    private final RedisKeys keys = RedisStores.freshKeys();

    @Override
    UserCredentialRepository credentials() {
        return new RedisPasskeyRepository(RedisStores.template(), keys, RedisStores.json());
    }

    @Override
    PublicKeyCredentialUserEntityRepository users() {
        return new RedisPasskeyUserRepository(RedisStores.template(), keys, RedisStores.json());
    }
}
