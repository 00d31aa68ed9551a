package uk.civicid.broker.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.config.CivicIdProperties.ClientAuthentication;
import uk.civicid.broker.config.CivicIdProperties.LocalisedText;
import uk.civicid.broker.federation.ConnectionReport;
import uk.civicid.broker.federation.RegisteredUpstreams;
import uk.civicid.broker.federation.RegisteredUpstreams.Changed;
import uk.civicid.broker.federation.RegisteredUpstreams.Listed;
import uk.civicid.broker.federation.UpstreamChangeRefused;
import uk.civicid.broker.federation.UpstreamRegistration;

/** Upstream IdPs: list, add, change, disable and enable (those added here; configured ones are read-only), test the connection. */
@RestController
@RequestMapping(AdminApiConfiguration.BASE + "/upstreams")
public class UpstreamsController {

    /** An upstream as written to the API; the secrets are write-only. */
    record UpstreamBody(String id,
                        /** oidc (the default). */
                        String type,
                        @JsonProperty("display_name") LocalisedText displayName,
                        String issuer,
                        @JsonProperty("client_id") String clientId,
                        @JsonProperty("client_authentication") String clientAuthentication,
                        List<String> scopes, Map<String, String> claims, String acr, List<String> amr, List<String> algorithms,
                        /** auto, always or never. */
                        String userinfo,
                        /** generic, gov-uk-one-login, nhs-login or entra-id. */
                        String profile,
                        List<String> vtr,
                        /** GOV.UK One Login's identity proving: issuer, vtr, claims. */
                        CivicIdProperties.IdentityProving identity,
                        /** Entra ID's tenants whose people may sign in. */
                        @JsonProperty("allowed_tenants") List<String> allowedTenants,
                        /** Entra ID's app role or group object ID → broker role. */
                        Map<String, String> roles,
                        Boolean enabled,
                        @JsonProperty("client_secret") String clientSecret,
                        /** A JWK as a JSON object (or its text). */
                        @JsonProperty("private_key_jwk") Object privateKeyJwk) {

        @Override
        public String toString() {
            return "UpstreamBody[" + id + "]"; // never print a secret
        }
    }

    private final RegisteredUpstreams upstreams;
    private final Audit audit;
    private final URI issuer;

    public UpstreamsController(RegisteredUpstreams upstreams, Audit audit, CivicIdProperties properties) {
        this.upstreams = upstreams;
        this.audit = audit;
        this.issuer = properties.issuer();
    }

    @GetMapping
    public Map<String, Object> list(AdminCaller caller) {
        caller.requireAdministrator();
        return Map.of("upstreams", upstreams.list().stream().map(this::shown).toList());
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> add(AdminCaller caller, @RequestBody UpstreamBody body) {
        caller.requireAdministrator();
        Listed added = refusalsAsProblems(() -> upstreams.add(settings(body, body.id()), privateKey(body)));
        audit.recordChange(AuditEventType.UPSTREAM_ADDED, caller.accountId(), null, added.settings().id(), added.settings().id(), null,
                view(added));
        return ResponseEntity.status(HttpStatus.CREATED).body(shown(added));
    }

    @GetMapping("/{id}")
    public Map<String, Object> get(AdminCaller caller, @PathVariable String id) {
        caller.requireAdministrator();
        return shown(upstreams.find(id).orElseThrow(() -> notFound(id)));
    }

    @PutMapping("/{id}")
    public Map<String, Object> change(AdminCaller caller, @PathVariable String id, @RequestBody UpstreamBody body) {
        caller.requireAdministrator();
        if (body.id() != null && !body.id().equals(id)) {
            throw AdminProblem.invalid("id", "an upstream's id cannot change");
        }
        Changed changed = refusalsAsProblems(() -> upstreams.change(id, settings(body, id), privateKey(body)))
                .orElseThrow(() -> notFound(id));
        return audited(AuditEventType.UPSTREAM_CHANGED, caller, id, changed);
    }

    @PostMapping("/{id}/disable")
    public Map<String, Object> disable(AdminCaller caller, @PathVariable String id) {
        caller.requireAdministrator();
        Changed changed = refusalsAsProblems(() -> upstreams.enable(id, false)).orElseThrow(() -> notFound(id));
        return audited(AuditEventType.UPSTREAM_DISABLED, caller, id, changed);
    }

    @PostMapping("/{id}/enable")
    public Map<String, Object> enable(AdminCaller caller, @PathVariable String id) {
        caller.requireAdministrator();
        Changed changed = refusalsAsProblems(() -> upstreams.enable(id, true)).orElseThrow(() -> notFound(id));
        return audited(AuditEventType.UPSTREAM_ENABLED, caller, id, changed);
    }

    @PostMapping("/{id}/test")
    public Map<String, Object> test(AdminCaller caller, @PathVariable String id) {
        caller.requireAdministrator();
        ConnectionReport report = upstreams.test(id).orElseThrow(() -> notFound(id));
        return Map.of("ok", report.ok(), "checks", report.checks().stream()
                .map(c -> Map.of("name", c.name(), "ok", c.ok(), "detail", c.detail())).toList());
    }

    private Map<String, Object> audited(AuditEventType type, AdminCaller caller, String id, Changed changed) {
        audit.recordChange(type, caller.accountId(), null, id, id, view(changed.before()), view(changed.after()));
        return shown(changed.after());
    }

    /**
     * The settings and what to register at the upstream for this broker: its redirect, back-channel logout and post-logout
     * redirect URIs, and the JWKS URL of the broker's client keys when they sign its client assertions.
     */
    private Map<String, Object> shown(Listed listed) {
        Map<String, Object> shown = view(listed);
        UpstreamRegistration registration = UpstreamRegistration.of(issuer, listed.settings().id());
        shown.put("redirect_uri", registration.redirectUri().toString());
        shown.put("backchannel_logout_uri", registration.backchannelLogoutUri().toString());
        shown.put("post_logout_redirect_uri", registration.postLogoutRedirectUri().toString());
        if (listed.usesBrokerClientKeys()) {
            shown.put("client_jwks_uri", registration.clientJwksUri().toString());
        }
        return shown;
    }

    static Map<String, Object> view(Listed listed) {
        CivicIdProperties.Upstream u = listed.settings();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", u.id());
        view.put("type", u.type().name().toLowerCase(Locale.ROOT));
        Map<String, Object> name = new LinkedHashMap<>();
        name.put("en", u.displayName().en());
        name.put("cy", u.displayName().cy());
        view.put("display_name", name);
        view.put("issuer", u.issuer().toString());
        view.put("client_id", u.clientId());
        view.put("client_authentication", u.clientAuthentication().name().toLowerCase(Locale.ROOT));
        view.put("scopes", u.scopes());
        view.put("claims", u.claims());
        view.put("acr", u.acr());
        view.put("amr", u.amr());
        view.put("algorithms", u.algorithms());
        view.put("userinfo", u.userinfo().name().toLowerCase(Locale.ROOT));
        view.put("profile", u.profile().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        view.put("vtr", u.vtr());
        view.put("identity", u.identity() == null ? null : identityView(u.identity()));
        view.put("allowed_tenants", u.allowedTenants());
        view.put("roles", u.roles());
        view.put("enabled", u.enabled());
        view.put("source", listed.source().name().toLowerCase(Locale.ROOT));
        view.put("has_client_secret", listed.hasClientSecret());
        view.put("has_private_key", listed.hasPrivateKey());
        return view;
    }

    private static Map<String, Object> identityView(CivicIdProperties.IdentityProving identity) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (identity.issuer() != null) {
            view.put("issuer", identity.issuer().toString());
        }
        view.put("vtr", identity.vtr());
        view.put("claims", identity.claims());
        return view;
    }

    /** The settings the body describes (enabled unless it says not); what cannot even be read (a URL, a method name) is reported per field. */
    private static CivicIdProperties.Upstream settings(UpstreamBody body, String id) {
        List<AdminProblem.FieldError> unreadable = new ArrayList<>();
        URI issuer = null;
        if (body.issuer() != null) {
            try {
                issuer = new URI(body.issuer());
            } catch (java.net.URISyntaxException e) {
                unreadable.add(new AdminProblem.FieldError("issuer", "is not a URL"));
            }
        }
        ClientAuthentication method = null;
        if (body.clientAuthentication() != null) {
            try {
                method = ClientAuthentication.valueOf(body.clientAuthentication().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                unreadable.add(new AdminProblem.FieldError("client_authentication", "must be client_secret_basic or private_key_jwt"));
            }
        }
        CivicIdProperties.UpstreamType type = null;
        if (body.type() != null) {
            try {
                type = CivicIdProperties.UpstreamType.valueOf(body.type().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                unreadable.add(new AdminProblem.FieldError("type", "must be oidc"));
            }
        }
        CivicIdProperties.UpstreamProfile profile = null;
        if (body.profile() != null) {
            try {
                profile = CivicIdProperties.UpstreamProfile.valueOf(body.profile().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                unreadable.add(new AdminProblem.FieldError("profile", "must be generic, gov-uk-one-login, nhs-login or entra-id"));
            }
        }
        CivicIdProperties.UserInfo userinfo = null;
        if (body.userinfo() != null) {
            try {
                userinfo = CivicIdProperties.UserInfo.valueOf(body.userinfo().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                unreadable.add(new AdminProblem.FieldError("userinfo", "must be auto, always or never"));
            }
        }
        if (body.privateKeyJwk() != null && !(body.privateKeyJwk() instanceof Map) && !(body.privateKeyJwk() instanceof String)) {
            unreadable.add(new AdminProblem.FieldError("private_key_jwk", "must be a JWK (a JSON object)"));
        }
        if (!unreadable.isEmpty()) {
            throw AdminProblem.invalid(unreadable);
        }
        return new CivicIdProperties.Upstream(id, type, body.displayName(), issuer, body.clientId(), method, body.clientSecret(), null,
                body.scopes(), body.claims(), body.acr(), body.amr(), body.algorithms(), userinfo, profile, body.vtr(),
                body.identity(), body.allowedTenants(), body.roles(), body.enabled() == null || body.enabled());
    }

    @SuppressWarnings("unchecked")
    private static String privateKey(UpstreamBody body) {
        return body.privateKeyJwk() instanceof Map<?, ?> jwk ? JSONObjectUtils.toJSONString((Map<String, ?>) jwk)
                : (String) body.privateKeyJwk();
    }

    private static <T> T refusalsAsProblems(Supplier<T> change) {
        try {
            return change.get();
        } catch (UpstreamChangeRefused refused) {
            throw switch (refused.reason()) {
                case INVALID -> AdminProblem.invalid(refused.problems().stream()
                        .map(p -> new AdminProblem.FieldError(apiName(p.field()), p.message())).toList());
                case TAKEN, CONFIGURED -> AdminProblem.conflict(refused.getMessage());
            };
        }
    }

    /** A record component's path as the API's JSON names it. */
    static String apiName(String component) {
        return "privateKey".equals(component) ? "private_key_jwk"
                : component.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static AdminProblem notFound(String id) {
        return AdminProblem.notFound("upstream '" + id + "'");
    }
}
