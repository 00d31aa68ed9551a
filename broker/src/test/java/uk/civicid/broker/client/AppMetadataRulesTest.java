package uk.civicid.broker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.config.CivicIdProperties.SubjectType;

/** The rules every app's metadata passes, whichever way it is registered. */
@Tag("unit")
class AppMetadataRulesTest {

    private final AppMetadataRules rules = new AppMetadataRules(Set.of("council", "citizens")::contains, true);

    private static Map<String, Object> app(Object... entries) {
        Map<String, Object> json = new HashMap<>(Map.of("client_name", "Council Tax", "redirect_uris", List.of("https://tax.council.example/cb")));
        for (int i = 0; i < entries.length; i += 2) {
            json.put((String) entries[i], entries[i + 1]);
        }
        return json;
    }

    @Test
    void theDefaults_areRfc7591s_andUnknownFieldsAreIgnored() {
        AppMetadata metadata = rules.check(app("logo_uri", "https://tax.council.example/logo.png", "client_id", "chosen-by-me"));
        assertThat(metadata.grantTypes()).containsExactly("authorization_code");
        assertThat(metadata.responseTypes()).containsExactly("code");
        assertThat(metadata.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(metadata.scopes()).containsExactly("openid", "profile", "email");
        assertThat(metadata.subjectType()).isEqualTo(SubjectType.PUBLIC);
        assertThat(metadata.usesSecret()).isTrue();
        assertThat(metadata.requirePasskey()).isFalse();
    }

    /** RFC 8252 §7.3 and §8.3: http only to a loopback IP literal (any port), never to "localhost" or another host. */
    @Test
    void http_isAcceptedOnlyOnLoopbackAddresses() {
        assertThat(rules.check(app("redirect_uris", List.of("http://127.0.0.1:51004/cb", "http://[::1]/cb"))).redirectUris()).hasSize(2);
        for (String refused : List.of("http://localhost:8080/cb", "http://127.0.0.2/cb", "http://tax.council.example/cb",
                "com.council.tax:/cb", "ftp://tax.council.example/cb", "https:///cb")) {
            assertThatThrownBy(() -> rules.check(app("redirect_uris", List.of(refused)))).as(refused)
                    .isInstanceOfSatisfying(InvalidAppMetadata.class, e -> {
                        assertThat(e.error()).isEqualTo("invalid_redirect_uri");
                        assertThat(e.fields()).extracting(InvalidAppMetadata.FieldError::field).containsExactly("redirect_uris[0]");
                    });
        }
    }

    @Test
    void everyBadFieldIsNamed_notOnlyTheFirst() {
        assertThatThrownBy(() -> rules.check(app("redirect_uris", List.of("https://a.example/cb#x", "https://b.example/*"),
                "grant_types", List.of("password"), "scope", "openid civicid.admin")))
                .isInstanceOfSatisfying(InvalidAppMetadata.class, e -> {
                    assertThat(e.fields()).extracting(InvalidAppMetadata.FieldError::field)
                            .contains("redirect_uris[0]", "redirect_uris[1]", "grant_types[0]", "scope");
                    assertThat(e.error()).isEqualTo("invalid_redirect_uri");
                    assertThat(e.getMessage()).contains("scope: civicid.admin is reserved for the admin console");
                });
    }

    /** A person's verified identity goes only to configured apps: registration cannot ask for the scope. */
    @Test
    void theIdentityScope_isRefused() {
        assertThatThrownBy(() -> rules.check(app("scope", "openid identity")))
                .isInstanceOfSatisfying(InvalidAppMetadata.class, e -> {
                    assertThat(e.fields()).extracting(InvalidAppMetadata.FieldError::field).containsExactly("scope");
                    assertThat(e.getMessage()).contains("scope: identity is given only to apps in the broker's configuration");
                });
    }

    @Test
    void theNhsNumberScope_isRefused() {
        assertThatThrownBy(() -> rules.check(app("scope", "openid nhs_number")))
                .isInstanceOfSatisfying(InvalidAppMetadata.class,
                        e -> assertThat(e.getMessage()).contains("scope: nhs_number is given only to apps in the broker's configuration"));
    }

    /** A person's GP practice is health data: only for apps the council configures, like the NHS number. */
    @Test
    void theGpRegistrationScope_isRefused() {
        assertThatThrownBy(() -> rules.check(app("scope", "openid gp_registration_details")))
                .isInstanceOfSatisfying(InvalidAppMetadata.class, e -> assertThat(e.getMessage())
                        .contains("scope: gp_registration_details is given only to apps in the broker's configuration"));
    }

    /** A person's staff roles go only to apps the council configures, like the NHS number. */
    @Test
    void theRolesScope_isRefused() {
        assertThatThrownBy(() -> rules.check(app("scope", "openid roles")))
                .isInstanceOfSatisfying(InvalidAppMetadata.class,
                        e -> assertThat(e.getMessage()).contains("scope: roles is given only to apps in the broker's configuration"));
    }

    @Test
    void aRegisteredJwkSet_keepsPublicKeysOnly() throws Exception {
        JWKSet keys = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k1").generate());
        AppMetadata metadata = rules.check(app("token_endpoint_auth_method", "private_key_jwt", "jwks", keys.toJSONObject(true)));
        assertThat(metadata.jwks()).contains("\"kid\":\"k1\"").doesNotContain("\"d\"");
        assertThat(metadata.usesSecret()).isFalse();
        assertThatThrownBy(() -> rules.check(app("token_endpoint_auth_method", "private_key_jwt", "jwks", keys.toJSONObject(true),
                "jwks_uri", "https://tax.council.example/jwks"))).hasMessageContaining("not both");
        assertThatThrownBy(() -> rules.check(app("token_endpoint_auth_method", "private_key_jwt", "jwks", Map.of("keys", "nope"))))
                .hasMessageContaining("jwks: is not a JWK set");
    }

    @Test
    void aPublicClient_needsNoSecret_butCannotUseClientCredentials() {
        AppMetadata metadata = rules.check(app("token_endpoint_auth_method", "none"));
        assertThat(metadata.publicClient()).isTrue();
        assertThat(metadata.usesSecret()).isFalse();
        assertThatThrownBy(() -> rules.check(app("token_endpoint_auth_method", "none", "grant_types", List.of("client_credentials"))))
                .hasMessageContaining("public client");
        assertThat(registeredClient(metadata).getClientSettings().isRequireProofKey()).isTrue();
    }

    @Test
    void pairwiseSubjects_needThePairwiseSecret_andUpstreamsMustExist() {
        assertThat(rules.check(app("subject_type", "pairwise", "upstreams", List.of("council"))).subjectType()).isEqualTo(SubjectType.PAIRWISE);
        AppMetadataRules withoutSecret = new AppMetadataRules(id -> true, false);
        assertThatThrownBy(() -> withoutSecret.check(app("subject_type", "pairwise"))).hasMessageContaining("civicid.pairwise-secret");
        assertThatThrownBy(() -> rules.check(app("upstreams", List.of("council", "elsewhere"))))
                .hasMessageContaining("upstreams[1]: no upstream has the id 'elsewhere'");
    }

    private static RegisteredClient registeredClient(AppMetadata metadata) {
        return new RegisteredApp("app", metadata, null, List.of(), true, null, Instant.now()).toRegisteredClient(
                new CivicIdProperties.Tokens(Duration.ofMinutes(5), Duration.ofHours(8), Duration.ofMinutes(2), Duration.ofDays(90),
                        Duration.ofSeconds(60)));
    }
}
