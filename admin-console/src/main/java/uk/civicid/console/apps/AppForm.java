package uk.civicid.console.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import uk.civicid.console.api.App;
import uk.civicid.console.api.AppKind;
import uk.civicid.console.api.AppMetadata;
import uk.civicid.console.web.FormErrors;
import uk.civicid.console.web.FormProblems;
import uk.civicid.console.web.Lines;

/** The "Register an app" and "Change an app" form, as typed: lists are one per line. */
public record AppForm(String nameEn, String nameCy, String kind, String redirectUris, String postLogoutRedirectUris,
                      String backchannelLogoutUri, String subjectType, String sector, String upstreams,
                      Boolean requirePasskey) {

    /** The admin API's field names (indexes removed) and the inputs they belong to. */
    static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("client_name", "nameEn"), Map.entry("client_name#cy", "nameCy"),
            Map.entry("grant_types", "kind"), Map.entry("token_endpoint_auth_method", "kind"),
            Map.entry("redirect_uris", "redirectUris"), Map.entry("post_logout_redirect_uris", "postLogoutRedirectUris"),
            Map.entry("backchannel_logout_uri", "backchannelLogoutUri"), Map.entry("subject_type", "subjectType"),
            Map.entry("sector", "sector"), Map.entry("upstreams", "upstreams"), Map.entry("require_passkey", "requirePasskey"));

    static AppForm blank() {
        return new AppForm("", "", null, "", "", "", "public", "", "", false);
    }

    static AppForm of(App app) {
        return new AppForm(app.clientName(), app.clientNameCy(), app.kind().name().toLowerCase(),
                Lines.join(app.redirectUris()), Lines.join(app.postLogoutRedirectUris()), app.backchannelLogoutUri(),
                app.subjectType() == null ? "public" : app.subjectType(), app.sector(), Lines.join(app.upstreams()),
                app.requirePasskey());
    }

    AppKind appKind() {
        if (kind == null) {
            return null;
        }
        for (AppKind k : AppKind.values()) {
            if (k.name().equalsIgnoreCase(kind)) {
                return k;
            }
        }
        return null;
    }

    /** The console's own checks, before the admin API's (which checks everything again, URIs in detail). */
    FormErrors check(FormProblems problems) {
        List<FormErrors.Problem> found = new ArrayList<>();
        if (nameEn == null || nameEn.isBlank()) {
            found.add(problems.problem("nameEn", "app.nameEn.missing"));
        }
        AppKind appKind = appKind();
        if (appKind == null) {
            found.add(problems.problem("kind", "app.kind.missing"));
        } else if (appKind.signsPeopleIn() && Lines.split(redirectUris).isEmpty()) {
            found.add(problems.problem("redirectUris", "app.redirectUris.missing"));
        }
        if ("pairwise".equals(subjectType) && (sector == null || sector.isBlank())) {
            found.add(problems.problem("sector", "app.sector.missing"));
        }
        return new FormErrors(found);
    }

    AppMetadata toMetadata() {
        return toMetadata(null);
    }

    /**
     * The metadata the form means. Changing an app (the API replaces all of it) keeps what the form does not show
     * while the kind of app stays the same: its grant types, how it authenticates (a private_key_jwt app keeps its
     * keys) and its scope.
     */
    AppMetadata toMetadata(App current) {
        AppKind appKind = appKind();
        boolean people = appKind.signsPeopleIn();
        boolean same = current != null && current.kind() == appKind;
        return new AppMetadata(nameEn.strip(), Lines.blankToNull(nameCy),
                people ? Lines.split(redirectUris) : List.of(),
                people ? Lines.split(postLogoutRedirectUris) : List.of(),
                people ? Lines.blankToNull(backchannelLogoutUri) : null,
                same ? current.grantTypes() : appKind.grantTypes(),
                same ? current.tokenEndpointAuthMethod() : appKind.authMethod(),
                same ? current.jwksUri() : null, same ? current.jwks() : null,
                same ? current.scope() : people ? "openid profile email" : null,
                "pairwise".equals(subjectType) ? "pairwise" : "public",
                "pairwise".equals(subjectType) ? Lines.blankToNull(sector) : null,
                Lines.words(upstreams), people && Boolean.TRUE.equals(requirePasskey));
    }
}
