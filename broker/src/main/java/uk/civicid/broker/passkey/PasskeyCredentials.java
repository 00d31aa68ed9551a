package uk.civicid.broker.passkey;

import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;

/**
 * The passkey rules the framework leaves to us, in front of the store: a new passkey must be of an accepted
 * authenticator model (AAGUID), and a used one's signature counter must go up (WebAuthn Level 3 §6.1.1). A
 * counter that does not, when the authenticator keeps one, means a cloned authenticator: the sign-in is refused
 * and audited.
 */
public final class PasskeyCredentials implements UserCredentialRepository {

    private static final ObjectConverter CBOR = new ObjectConverter();

    private final UserCredentialRepository store;
    private final Set<String> allowedAaguids;
    private final Audit audit;

    public PasskeyCredentials(UserCredentialRepository store, List<String> allowedAaguids, Audit audit) {
        this.store = store;
        this.allowedAaguids = allowedAaguids.stream().map(String::toLowerCase).collect(Collectors.toSet());
        this.audit = audit;
    }

    @Override
    public synchronized void save(CredentialRecord credential) {
        CredentialRecord stored = store.findByCredentialId(credential.getCredentialId());
        if (stored == null) {
            String aaguid = aaguid(credential);
            if (!allowedAaguids.isEmpty() && !allowedAaguids.contains(aaguid)) {
                audit.record(AuditEventType.PASSKEY_REGISTRATION_REFUSED, null, null, null, Map.of("aaguid", aaguid));
                throw new BadCredentialsException("this kind of authenticator is not accepted here");
            }
            store.save(credential);
            audit.record(AuditEventType.PASSKEY_REGISTERED, null, null, null, Map.of("aaguid", aaguid));
            return;
        }
        if (!stored.getUserEntityUserId().equals(credential.getUserEntityUserId())) {
            throw new BadCredentialsException("a passkey cannot move to another account");
        }
        boolean counted = stored.getSignatureCount() > 0 || credential.getSignatureCount() > 0;
        if (counted && credential.getSignatureCount() <= stored.getSignatureCount()) {
            audit.record(AuditEventType.PASSKEY_COUNTER_REGRESSION, null, null, null,
                    Map.of("stored", String.valueOf(stored.getSignatureCount()), "presented", String.valueOf(credential.getSignatureCount())));
            throw new BadCredentialsException("signature counter did not increase: possible cloned authenticator");
        }
        store.save(credential);
    }

    @Override
    public void delete(Bytes credentialId) {
        store.delete(credentialId);
    }

    @Override
    public CredentialRecord findByCredentialId(Bytes credentialId) {
        return store.findByCredentialId(credentialId);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        return store.findByUserId(userId);
    }

    private static String aaguid(CredentialRecord credential) {
        if (credential.getAttestationObject() == null) {
            return "unknown";
        }
        AttestationObject attestation = CBOR.getCborConverter().readValue(credential.getAttestationObject().getBytes(), AttestationObject.class);
        return attestation == null || attestation.getAuthenticatorData().getAttestedCredentialData() == null ? "unknown"
                : attestation.getAuthenticatorData().getAttestedCredentialData().getAaguid().toString().toLowerCase();
    }
}
