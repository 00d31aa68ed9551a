package uk.civicid.console.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.civicid.console.api.App;
import uk.civicid.console.api.AppMetadata;

/** What each kind of app the form offers means in OAuth metadata, and the snippet made for it. */
class AppFormTest {

    @Test
    void aSinglePageApp_isPublic_withPkceAndNoSecret() {
        AppMetadata metadata = form("public", "https://spa.example/cb\n\n  https://spa.example/cb2  ").toMetadata();

        assertThat(metadata.tokenEndpointAuthMethod()).isEqualTo("none");
        assertThat(metadata.grantTypes()).containsExactly("authorization_code", "refresh_token");
        assertThat(metadata.redirectUris()).containsExactly("https://spa.example/cb", "https://spa.example/cb2");
    }

    @Test
    void aServiceCallingApis_usesClientCredentials_andHasNoRedirectUris() {
        AppMetadata metadata = form("service", "https://ignored.example/cb").toMetadata();

        assertThat(metadata.grantTypes()).containsExactly("client_credentials");
        assertThat(metadata.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(metadata.redirectUris()).isEmpty();
        assertThat(metadata.requirePasskey()).isFalse();
    }

    @Test
    void pairwiseIdentifiers_carryTheSector_publicOnesDoNot() {
        AppForm pairwise = new AppForm("Bins", "", "web", "https://bins.example/cb", "", "", "pairwise", " bins.example ", "demo", true);
        assertThat(pairwise.toMetadata().sector()).isEqualTo("bins.example");
        assertThat(pairwise.toMetadata().upstreams()).containsExactly("demo");
        assertThat(pairwise.toMetadata().requirePasskey()).isTrue();
        assertThat(form("web", "https://x.example/cb").toMetadata().sector()).isNull();
    }

    @Test
    void changingAnApp_keepsWhatTheFormDoesNotShow_whileItsKindStays() {
        App current = new App("k", "Keyed", null, "registered", true, List.of("https://k.example/cb"), List.of(), null,
                List.of("authorization_code"), "private_key_jwt", "https://k.example/jwks", null, "openid email", "public",
                null, List.of(), false, List.of(), null, null);

        AppMetadata changed = AppForm.of(current).toMetadata(current);
        assertThat(changed.tokenEndpointAuthMethod()).isEqualTo("private_key_jwt");
        assertThat(changed.jwksUri()).isEqualTo("https://k.example/jwks");
        assertThat(changed.grantTypes()).containsExactly("authorization_code");
        assertThat(changed.scope()).isEqualTo("openid email");

        AppMetadata nowPublic = form("public", "https://k.example/cb").toMetadata(current);
        assertThat(nowPublic.tokenEndpointAuthMethod()).isEqualTo("none");
        assertThat(nowPublic.jwksUri()).isNull();
    }

    @Test
    void theSnippet_forAPublicApp_hasNoSecret() {
        App app = new App("spa", "SPA", null, "registered", true, List.of("https://spa.example/cb"),
                List.of(), null, List.of("authorization_code"), "none", null, null, "openid", "public", null, List.of(), false, List.of(), null, null);

        String yml = SpringBootSnippet.of(app, "https://id.council.example");

        assertThat(yml).contains("client-id: spa", "client-authentication-method: none", "redirect-uri: \"https://spa.example/cb\"",
                "issuer-uri: https://id.council.example").doesNotContain("client-secret");
    }

    private static AppForm form(String kind, String redirectUris) {
        return new AppForm("Name", "", kind, redirectUris, "", "", "public", "", "", false);
    }
}
