package uk.civicid.broker.admin;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.federation.UpstreamClientKeys;

/** The broker's client keys for upstreams (public facts only, never a private part): list, and rotate now. */
@RestController
@RequestMapping(AdminApiConfiguration.BASE + "/upstream-client-keys")
public class UpstreamClientKeysController {

    private final UpstreamClientKeys keys;
    private final Audit audit;

    public UpstreamClientKeysController(UpstreamClientKeys keys, Audit audit) {
        this.keys = keys;
        this.audit = audit;
    }

    @GetMapping
    public Map<String, Object> list(AdminCaller caller) {
        caller.requireAdministrator();
        return SigningKeysController.view(keys.states());
    }

    /** A new pair, published at once and signing once every node has published it; the old one stays published for its retirement. */
    @PostMapping("/rotate")
    public Map<String, Object> rotate(AdminCaller caller) {
        caller.requireAdministrator();
        Map<String, Object> before = SigningKeysController.view(keys.states());
        Map<String, Object> after = SigningKeysController.view(keys.rotateNow());
        audit.recordChange(AuditEventType.UPSTREAM_CLIENT_KEY_ROTATED, caller.accountId(), null, null, "upstream-client-keys", before, after);
        return after;
    }
}
