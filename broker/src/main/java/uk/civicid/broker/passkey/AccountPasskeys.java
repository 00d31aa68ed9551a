package uk.civicid.broker.passkey;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.stereotype.Component;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;

/** A person's passkeys, by account: to list them, remove one or all (recovery, or an administrator's revocation). */
@Component
public class AccountPasskeys {

    private final PublicKeyCredentialUserEntityRepository users;
    private final PasskeyCredentials credentials;
    private final Audit audit;

    public AccountPasskeys(PublicKeyCredentialUserEntityRepository users, PasskeyCredentials credentials, Audit audit) {
        this.users = users;
        this.credentials = credentials;
        this.audit = audit;
    }

    public List<CredentialRecord> of(String accountId) {
        PublicKeyCredentialUserEntity user = users.findByUsername(accountId);
        return user == null ? List.of() : credentials.findByUserId(user.getId()).stream()
                .sorted(Comparator.comparing(CredentialRecord::getCreated)).toList();
    }

    /** Removes one of the person's own passkeys; a credential id of anyone else's is ignored. */
    public boolean remove(String accountId, String credentialId) {
        boolean own = revoke(accountId, credentialId);
        if (own) {
            audit.record(AuditEventType.PASSKEY_REMOVED, accountId, null, null, Map.of());
        }
        return own;
    }

    /**
     * Removes one of a person's passkeys without auditing it as theirs: an administrator's revocation, which the admin
     * API audits as the administrator's. A credential id of anyone else's is ignored (false).
     */
    public boolean revoke(String accountId, String credentialId) {
        Bytes id;
        try {
            id = Bytes.fromBase64(credentialId);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean own = of(accountId).stream().anyMatch(c -> c.getCredentialId().equals(id));
        if (own) {
            credentials.delete(id);
        }
        return own;
    }

    public void removeAll(String accountId) {
        of(accountId).forEach(c -> remove(accountId, c.getCredentialId().toBase64UrlString()));
    }
}
