package uk.civicid.broker.federation;

import com.nimbusds.jose.jwk.JWK;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.civicid.broker.ConfiguredOverStored;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.config.CivicIdProperties.ClientAuthentication;
import uk.civicid.broker.config.CivicIdProperties.Upstream.Problem;
import uk.civicid.broker.federation.UpstreamChangeRefused.Reason;
import uk.civicid.broker.federation.oidc.OidcConnectionCheck;

/**
 * Upstreams managed at run time: listed with the configured ones, added, changed, disabled and enabled with the same
 * rules as configuration, and in effect on this node at once (on the others within their refresh interval).
 */
@Component
public class RegisteredUpstreams {

    /** Where an upstream's settings come from. */
    public enum Source { CONFIGURATION, REGISTERED }

    /** An upstream as administrators see it: its settings (secrets stay inside; ask {@link #hasClientSecret}) and their source. */
    public record Listed(CivicIdProperties.Upstream settings, Source source, boolean hasPrivateKey) {
        static Listed configured(CivicIdProperties.Upstream settings) {
            return new Listed(settings, Source.CONFIGURATION, settings.privateKeyFile() != null);
        }

        static Listed registered(RegisteredUpstream stored) {
            return new Listed(stored.settings(), Source.REGISTERED, stored.privateKeyJwk() != null);
        }

        public String id() {
            return settings.id();
        }

        public boolean hasClientSecret() {
            return settings.clientSecret() != null && !settings.clientSecret().isBlank();
        }

        /** Whether the broker's own client keys sign its client assertions (private_key_jwt without a key of its own). */
        public boolean usesBrokerClientKeys() {
            return settings.clientAuthentication() == ClientAuthentication.PRIVATE_KEY_JWT && !hasPrivateKey;
        }

        @Override
        public String toString() {
            return "Listed[" + settings.id() + "]";
        }
    }

    /** What a change replaced, and with what. */
    public record Changed(Listed before, Listed after) {}

    private final ConfiguredOverStored<Listed> overlay;
    private final UpstreamRepository repository;
    private final Upstreams upstreams;
    private final Validator validator;
    private final HttpClient http;
    private final CivicIdProperties.Federation settings;

    public RegisteredUpstreams(CivicIdProperties properties, UpstreamRepository repository, Upstreams upstreams, Validator validator,
                               HttpClient outboundHttpClient) {
        this.overlay = new ConfiguredOverStored<>(properties.upstreams().stream().map(Listed::configured).toList(), Listed::id);
        this.repository = repository;
        this.upstreams = upstreams;
        this.validator = validator;
        this.http = outboundHttpClient;
        this.settings = properties.federation();
    }

    /** Every upstream: the configured ones (in their order), then those added here (by id). */
    public List<Listed> list() {
        return overlay.all(repository.findAll().stream().sorted(Comparator.comparing(RegisteredUpstream::id)).map(Listed::registered).toList(),
                Listed::id);
    }

    public Optional<Listed> find(String id) {
        return overlay.find(id, stored -> repository.find(stored).map(Listed::registered));
    }

    /** @param privateKeyJwk the private JWK for private_key_jwt, or null */
    public Listed add(CivicIdProperties.Upstream upstream, String privateKeyJwk) {
        RegisteredUpstream candidate = validated(upstream, privateKeyJwk);
        if (overlay.isConfigured(upstream.id()) || !repository.add(candidate)) {
            throw new UpstreamChangeRefused(Reason.TAKEN, "an upstream with the id '" + upstream.id() + "' exists already", List.of());
        }
        upstreams.refresh();
        return Listed.registered(candidate);
    }

    /**
     * Replaces an upstream's settings. A client secret or private key not given is kept; one given replaces it.
     * Empty if there is no such upstream.
     */
    public Optional<Changed> change(String id, CivicIdProperties.Upstream upstream, String privateKeyJwk) {
        refuseConfigured(id);
        RegisteredUpstream[] before = new RegisteredUpstream[1];
        Optional<RegisteredUpstream> after = repository.update(id, current -> {
            before[0] = current;
            CivicIdProperties.Upstream next = upstream.clientSecret() == null ? upstream.withClientSecret(current.settings().clientSecret()) : upstream;
            return validated(next, privateKeyJwk != null ? privateKeyJwk
                    : next.clientAuthentication() == ClientAuthentication.PRIVATE_KEY_JWT ? current.privateKeyJwk() : null);
        });
        upstreams.refresh();
        return after.map(a -> new Changed(Listed.registered(before[0]), Listed.registered(a)));
    }

    /** Enables or disables an upstream: new sign-ins with a disabled one are refused from the next request. */
    public Optional<Changed> enable(String id, boolean enabled) {
        refuseConfigured(id);
        RegisteredUpstream[] before = new RegisteredUpstream[1];
        Optional<RegisteredUpstream> after = repository.update(id, current -> {
            before[0] = current;
            return new RegisteredUpstream(current.settings().withEnabled(enabled), current.privateKeyJwk());
        });
        upstreams.refresh();
        return after.map(a -> new Changed(Listed.registered(before[0]), Listed.registered(a)));
    }

    /** Tests the connection to an upstream, configured or added here, enabled or not; empty if there is no such upstream. */
    public Optional<ConnectionReport> test(String id) {
        return find(id).map(listed -> OidcConnectionCheck.run(listed.settings(), http, settings.httpTimeout()));
    }

    private void refuseConfigured(String id) {
        overlay.refuseChange(id, () -> new UpstreamChangeRefused(Reason.CONFIGURED,
                "upstream '" + id + "' is in the broker's configuration; change it there", List.of()));
    }

    /** The rules of {@link CivicIdProperties.Upstream}: its annotations, then {@link CivicIdProperties.Upstream#problems}. */
    private RegisteredUpstream validated(CivicIdProperties.Upstream upstream, String privateKeyJwk) {
        List<Problem> problems = new ArrayList<>();
        for (ConstraintViolation<CivicIdProperties.Upstream> violation : validator.validate(upstream)) {
            problems.add(new Problem(violation.getPropertyPath().toString().replace(".<list element>", "")
                    .replace(".<map value>", "").replace(".<iterable element>", ""), violation.getMessage()));
        }
        boolean keyNeeded = upstream.clientAuthentication() == ClientAuthentication.PRIVATE_KEY_JWT;
        JWK key = null;
        if (keyNeeded && privateKeyJwk != null) {
            try {
                key = UpstreamLogin.parseKey(upstream.id(), privateKeyJwk);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("privateKey", "must be a private JWK"));
            }
        }
        String keyProblem = privateKeyJwk != null && key == null ? null : UpstreamLogin.keyProblem(upstream.profile(), key);
        if (keyProblem != null) {
            problems.add(new Problem("privateKey", keyProblem));
        }
        problems.addAll(upstream.problems());
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(Problem::field));
            throw new UpstreamChangeRefused(Reason.INVALID, "some fields are not valid", problems);
        }
        // A secret the chosen method does not use is not kept.
        return keyNeeded ? new RegisteredUpstream(upstream.withClientSecret(null), privateKeyJwk)
                : new RegisteredUpstream(upstream, null);
    }
}
