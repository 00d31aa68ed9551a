package uk.civicid.broker.store.redis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import tools.jackson.databind.json.JsonMapper;

/** Passkeys as JSON, with a set per person of their credential ids; both change in one script. */
public class RedisPasskeyRepository implements UserCredentialRepository {

    record Stored(String credentialId, String userHandle, String publicKey, long signatureCount, boolean uvInitialized,
                  Set<String> transports, boolean backupEligible, boolean backupState, String attestationObject,
                  String attestationClientDataJson, Instant created, Instant lastUsed, String label) {}

    /** KEYS: the credential, its person's set. ARGV: credential id, JSON. */
    private static final RedisScript<Long> SAVE = RedisScript.of("""
            redis.call('SET', KEYS[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[1])
            return 1""", Long.class);

    /** KEYS: the credential, its person's set. ARGV: credential id. */
    private static final RedisScript<Long> DELETE = RedisScript.of("""
            redis.call('DEL', KEYS[1])
            redis.call('SREM', KEYS[2], ARGV[1])
            return 1""", Long.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;

    public RedisPasskeyRepository(StringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public void save(CredentialRecord c) {
        String id = c.getCredentialId().toBase64UrlString();
        Stored stored = new Stored(id, c.getUserEntityUserId().toBase64UrlString(), base64(c.getPublicKey().getBytes()),
                c.getSignatureCount(), c.isUvInitialized(),
                c.getTransports().stream().map(AuthenticatorTransport::getValue).collect(Collectors.toSet()),
                c.isBackupEligible(), c.isBackupState(),
                c.getAttestationObject() == null ? null : c.getAttestationObject().toBase64UrlString(),
                c.getAttestationClientDataJSON() == null ? null : c.getAttestationClientDataJSON().toBase64UrlString(),
                c.getCreated(), c.getLastUsed(), c.getLabel());
        redis.execute(SAVE, List.of(keys.passkey(id), keys.passkeysOf(stored.userHandle())), id, json.writeValueAsString(stored));
    }

    @Override
    public void delete(Bytes credentialId) {
        CredentialRecord existing = findByCredentialId(credentialId);
        if (existing != null) {
            String id = credentialId.toBase64UrlString();
            redis.execute(DELETE, List.of(keys.passkey(id), keys.passkeysOf(existing.getUserEntityUserId().toBase64UrlString())), id);
        }
    }

    @Override
    public CredentialRecord findByCredentialId(Bytes credentialId) {
        String value = redis.opsForValue().get(keys.passkey(credentialId.toBase64UrlString()));
        return value == null ? null : record(json.readValue(value, Stored.class));
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        Set<String> ids = redis.opsForSet().members(keys.passkeysOf(userId.toBase64UrlString()));
        return ids == null ? List.of() : ids.stream().map(id -> findByCredentialId(Bytes.fromBase64(id)))
                .filter(Objects::nonNull).toList();
    }

    private static CredentialRecord record(Stored s) {
        return ImmutableCredentialRecord.builder()
                .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                .credentialId(Bytes.fromBase64(s.credentialId()))
                .userEntityUserId(Bytes.fromBase64(s.userHandle()))
                .publicKey(new ImmutablePublicKeyCose(Bytes.fromBase64(s.publicKey()).getBytes()))
                .signatureCount(s.signatureCount())
                .uvInitialized(s.uvInitialized())
                .transports(s.transports().stream().map(AuthenticatorTransport::valueOf).collect(Collectors.toSet()))
                .backupEligible(s.backupEligible())
                .backupState(s.backupState())
                .attestationObject(s.attestationObject() == null ? null : Bytes.fromBase64(s.attestationObject()))
                .attestationClientDataJSON(s.attestationClientDataJson() == null ? null : Bytes.fromBase64(s.attestationClientDataJson()))
                .created(s.created())
                .lastUsed(s.lastUsed())
                .label(s.label())
                .build();
    }

    private static String base64(byte[] bytes) {
        return new Bytes(bytes).toBase64UrlString();
    }
}
