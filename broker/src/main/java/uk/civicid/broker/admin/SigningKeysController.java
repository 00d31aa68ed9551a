package uk.civicid.broker.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.keys.PublishedKeys;

/** The broker's signing keys (public facts only, never a private part): list, and rotate now. */
@RestController
@RequestMapping(AdminApiConfiguration.BASE + "/signing-keys")
public class SigningKeysController {

    private final PublishedKeys keys;
    private final Audit audit;

    public SigningKeysController(PublishedKeys keys, Audit audit) {
        this.keys = keys;
        this.audit = audit;
    }

    @GetMapping
    public Map<String, Object> list(AdminCaller caller) {
        caller.requireAdministrator();
        return view(keys.states());
    }

    @PostMapping("/rotate")
    public Map<String, Object> rotate(AdminCaller caller) {
        caller.requireAdministrator();
        Map<String, Object> before = view(keys.states());
        Map<String, Object> after = view(keys.rotateNow());
        audit.recordChange(AuditEventType.SIGNING_KEY_ROTATED, caller.accountId(), null, null, "signing-keys", before, after);
        return after;
    }

    /** The public facts of each key pair, as both key sets show them. */
    static Map<String, Object> view(List<PublishedKeys.KeyState> states) {
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
