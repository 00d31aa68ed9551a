package uk.civicid.broker.signin;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.civicid.broker.federation.UpstreamClientKeys;
import uk.civicid.broker.federation.UpstreamRegistration;

/**
 * The public halves of the broker's client keys (RFC 7517 JWK set), for upstreams whose registration of the broker names
 * a JWKS URL for {@code private_key_jwt} (RFC 7523) instead of a pasted key. Cacheable for a short while: a new key is
 * published on every node before it signs.
 */
@RestController
public class ClientJwksController {

    private final UpstreamClientKeys keys;

    public ClientJwksController(UpstreamClientKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = UpstreamRegistration.CLIENT_JWKS_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(keys.publicKeys().toJSONObject(true));
    }
}
