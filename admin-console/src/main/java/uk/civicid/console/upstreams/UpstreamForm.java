package uk.civicid.console.upstreams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.civicid.console.api.Upstream;
import uk.civicid.console.api.UpstreamChange;
import uk.civicid.console.web.FormErrors;
import uk.civicid.console.web.FormProblems;
import uk.civicid.console.web.Lines;

/**
 * The "Add an upstream login" and "Change" form. Secrets are write-only: the form never shows them, and an empty
 * secret field on a change keeps the current one. Claims are typed one per line as {@code broker-claim=upstream-claim},
 * Entra ID's roles as {@code entra-role-or-group=broker-role}.
 */
public record UpstreamForm(String id, String nameEn, String nameCy, String issuer, String clientId,
                           String clientAuthentication, String clientSecret, String privateKeyJwk, String scopes,
                           String claims, String acr, String amr, String algorithms, String userinfo, String profile, String vtr,
                           String identityIssuer, String identityVtr, String identityClaims, String allowedTenants, String roles) {

    static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("id", "id"), Map.entry("display_name", "nameEn"), Map.entry("display_name.en", "nameEn"),
            Map.entry("display_name.cy", "nameCy"), Map.entry("issuer", "issuer"), Map.entry("client_id", "clientId"),
            Map.entry("client_authentication", "clientAuthentication"), Map.entry("client_secret", "clientSecret"),
            Map.entry("private_key_jwk", "privateKeyJwk"), Map.entry("scopes", "scopes"), Map.entry("claims", "claims"),
            Map.entry("acr", "acr"), Map.entry("amr", "amr"), Map.entry("algorithms", "algorithms"), Map.entry("userinfo", "userinfo"),
            Map.entry("profile", "profile"), Map.entry("vtr", "vtr"), Map.entry("identity", "identityVtr"),
            Map.entry("allowed_tenants", "allowedTenants"), Map.entry("roles", "roles"));


    static final List<String> LEVELS = List.of("http://eidas.europa.eu/LoA/low", "http://eidas.europa.eu/LoA/substantial",
            "http://eidas.europa.eu/LoA/high");

    public UpstreamForm {
        userinfo = userinfo == null || userinfo.isBlank() ? "auto" : userinfo; // the broker checks the values
        profile = profile == null || profile.isBlank() ? "generic" : profile;
        vtr = vtr == null ? "" : vtr;
        identityIssuer = identityIssuer == null ? "" : identityIssuer;
        identityVtr = identityVtr == null ? "" : identityVtr;
        identityClaims = identityClaims == null ? "" : identityClaims;
        allowedTenants = allowedTenants == null ? "" : allowedTenants;
        roles = roles == null ? "" : roles;
    }

    static UpstreamForm blank() {
        return new UpstreamForm("", "", "", "", "", "client_secret_basic", "", "", "openid email profile", "",
                LEVELS.get(0), "", "RS256", "auto", "generic", "", "", "", "", "", "");
    }

    static UpstreamForm of(Upstream upstream) {
        Map<String, String> names = upstream.displayName() == null ? Map.of() : upstream.displayName();
        UpstreamChange.Identity identity = upstream.identity();
        String claims = asLines(upstream.claims());
        return new UpstreamForm(upstream.id(), names.getOrDefault("en", ""), names.getOrDefault("cy", ""),
                upstream.issuer(), upstream.clientId(), upstream.clientAuthentication(), "", "",
                join(upstream.scopes()), claims, upstream.acr(), join(upstream.amr()),
                join(upstream.algorithms()), upstream.userinfo(), upstream.profile(), join(upstream.vtr()),
                identity == null || identity.issuer() == null ? "" : identity.issuer(), identity == null ? "" : join(identity.vtr()),
                identity == null ? "" : join(identity.claims()), join(upstream.allowedTenants()), asLines(upstream.roles()));
    }

    /** A map as lines of {@code key=value}, as the claims and roles fields are typed. */
    private static String asLines(Map<String, String> map) {
        StringBuilder lines = new StringBuilder();
        if (map != null) {
            map.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        }
        return lines.toString().strip();
    }

    FormErrors check(FormProblems problems, boolean adding) {
        List<FormErrors.Problem> found = new ArrayList<>();
        if (adding && (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,39}"))) {
            found.add(problems.problem("id", "upstream.id.invalid"));
        }
        if (nameEn == null || nameEn.isBlank()) {
            found.add(problems.problem("nameEn", "upstream.nameEn.missing"));
        }
        if (issuer == null || issuer.isBlank()) {
            found.add(problems.problem("issuer", "upstream.issuer.missing"));
        }
        if (clientId == null || clientId.isBlank()) {
            found.add(problems.problem("clientId", "upstream.clientId.missing"));
        }
        if (!"client_secret_basic".equals(clientAuthentication) && !"private_key_jwt".equals(clientAuthentication)) {
            found.add(problems.problem("clientAuthentication", "upstream.clientAuthentication.missing"));
        }
        if (adding && "client_secret_basic".equals(clientAuthentication) && Lines.blankToNull(clientSecret) == null) {
            found.add(problems.problem("clientSecret", "upstream.clientSecret.missing"));
        }
        if (pairs(claims) == null) {
            found.add(problems.problem("claims", "upstream.claims.invalid"));
        }
        if (pairs(roles) == null) {
            found.add(problems.problem("roles", "upstream.roles.invalid"));
        }
        return new FormErrors(found);
    }

    UpstreamChange toChange() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("en", nameEn.strip());
        if (Lines.blankToNull(nameCy) != null) {
            names.put("cy", nameCy.strip());
        }
        boolean secret = "client_secret_basic".equals(clientAuthentication);
        return new UpstreamChange(Lines.blankToNull(id), names, issuer.strip(), clientId.strip(), clientAuthentication,
                secret ? Lines.blankToNull(clientSecret) : null, secret ? null : Lines.blankToNull(privateKeyJwk),
                Lines.words(scopes), pairs(claims), acr, Lines.words(amr), Lines.words(algorithms), userinfo, profile,
                Lines.words(vtr).isEmpty() ? null : Lines.words(vtr), identity(),
                Lines.words(allowedTenants).isEmpty() ? null : Lines.words(allowedTenants), pairs(roles).isEmpty() ? null : pairs(roles));
    }

    /** Identity proving, when any of its fields is filled in; the broker fills in the defaults and checks the values. */
    private UpstreamChange.Identity identity() {
        if (Lines.blankToNull(identityIssuer) == null && Lines.words(identityVtr).isEmpty() && Lines.words(identityClaims).isEmpty()) {
            return null;
        }
        return new UpstreamChange.Identity(Lines.blankToNull(identityIssuer), Lines.words(identityVtr), Lines.words(identityClaims));
    }

    /** Lines of {@code name=name} as a map; null when a line is not. */
    private static Map<String, String> pairs(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : Lines.split(text)) {
            int eq = line.indexOf('=');
            if (eq <= 0 || eq == line.length() - 1) {
                return null;
            }
            map.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return map;
    }

    private static String join(List<String> words) {
        return words == null ? "" : String.join(" ", words);
    }

    @Override
    public String toString() {
        return "UpstreamForm[id=" + id + ", secrets hidden]";
    }
}
