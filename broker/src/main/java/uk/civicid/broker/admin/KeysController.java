package uk.civicid.broker.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.federation.UpstreamClientKeys;
import uk.civicid.broker.keys.PublishedKeys;
import uk.civicid.broker.keys.PublishedKeys.KeyState;

/**
 * The broker's two sets of key pairs, public facts only (never a private part): its token-signing keys, and its client
 * keys for upstreams ({@code private_key_jwt}). Each is listed, and rotated now by an administrator, audited.
 */
@RestController
@RequestMapping(AdminApiConfiguration.BASE)
public class KeysController {

    private final PublishedKeys signingKeys;
    private final UpstreamClientKeys clientKeys;
    private final Audit audit;

    public KeysController(PublishedKeys signingKeys, UpstreamClientKeys clientKeys, Audit audit) {
        this.signingKeys = signingKeys;
        this.clientKeys = clientKeys;
        this.audit = audit;
    }

    @GetMapping("/signing-keys")
    public Map<String, Object> signingKeys(AdminCaller caller) {
        caller.requireAdministrator();
        return view(signingKeys.states());
    }

    @PostMapping("/signing-keys/rotate")
    public Map<String, Object> rotateSigningKeys(AdminCaller caller) {
        return rotated(caller, AuditEventType.SIGNING_KEY_ROTATED, "signing-keys", signingKeys::states, signingKeys::rotateNow);
    }

    @GetMapping("/upstream-client-keys")
    public Map<String, Object> upstreamClientKeys(AdminCaller caller) {
        caller.requireAdministrator();
        return view(clientKeys.states());
    }

    /** A new pair, published at once and signing once every node has published it; the old one stays published for its retirement. */
    @PostMapping("/upstream-client-keys/rotate")
    public Map<String, Object> rotateUpstreamClientKeys(AdminCaller caller) {
        return rotated(caller, AuditEventType.UPSTREAM_CLIENT_KEY_ROTATED, "upstream-client-keys", clientKeys::states, clientKeys::rotateNow);
    }

    private Map<String, Object> rotated(AdminCaller caller, AuditEventType type, String target, Supplier<List<KeyState>> states,
                                        Supplier<List<KeyState>> rotate) {
        caller.requireAdministrator();
        Map<String, Object> before = view(states.get());
        Map<String, Object> after = view(rotate.get());
        audit.recordChange(type, caller.accountId(), null, null, target, before, after);
        return after;
    }

    private static Map<String, Object> view(List<KeyState> states) {
        return Map.of("keys", states.stream().map(k -> {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("kid", k.keyId());
            key.put("alg", k.algorithm());
            key.put("created_at", k.createdAt().toString());
            key.put("state", k.state().name().toLowerCase(Locale.ROOT));
            key.put("retire_after", k.retireAfter() == null ? null : k.retireAfter().toString());
            return key;
        }).toList());
    }
}
