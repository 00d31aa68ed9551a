package uk.civicid.broker.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.config.CivicIdProperties.LocalisedText;
import uk.civicid.broker.config.CivicIdProperties.SubjectType;

/** OIDC Core §8: the sub each app sees, public or pairwise per sector (§8.1). */
@Tag("unit")
class PairwiseSubjectsTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String ACCOUNT = "account-7f3a2c";

    private final PairwiseSubjects subjects = new PairwiseSubjects(SECRET);

    /** An app whose policy (in its client settings, as every store keeps it) gives this subject type and sector. */
    static RegisteredClient app(String clientId, SubjectType type, String sector) {
        ClientPolicy policy = new ClientPolicy(new LocalisedText(clientId, null), List.of(), null, type, sector, false);
        return RegisteredClient.withId("id-" + clientId).clientId(clientId)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri("https://" + clientId + ".example/callback")
                .clientSettings(policy.writeTo(ClientSettings.builder()).build())
                .build();
    }

    @Test
    void sameAccount_sameSector_getsTheSameSub_inEveryApp() {
        String tax = subjects.subjectFor(app("tax", SubjectType.PAIRWISE, "council.example"), ACCOUNT);
        String parking = subjects.subjectFor(app("parking", SubjectType.PAIRWISE, "council.example"), ACCOUNT);
        assertThat(tax).isEqualTo(parking).isNotBlank();
    }

    @Test
    void differentSectors_getDifferentSubs() {
        String council = subjects.subjectFor(app("tax", SubjectType.PAIRWISE, "council.example"), ACCOUNT);
        String library = subjects.subjectFor(app("library", SubjectType.PAIRWISE, "library.example"), ACCOUNT);
        assertThat(council).isNotEqualTo(library);
    }

    @Test
    void differentAccounts_inOneSector_getDifferentSubs() {
        RegisteredClient tax = app("tax", SubjectType.PAIRWISE, "council.example");
        assertThat(subjects.subjectFor(tax, ACCOUNT)).isNotEqualTo(subjects.subjectFor(tax, "account-other"));
    }

    @Test
    void publicSubjectApps_getTheAccountId() {
        assertThat(subjects.subjectFor(app("tax", SubjectType.PUBLIC, "council.example"), ACCOUNT)).isEqualTo(ACCOUNT);
    }

    /** An app with no CivicID policy in its settings is public (ClientPolicy.of's default). */
    @Test
    void anAppWithoutAPolicy_isPublic() {
        RegisteredClient bare = RegisteredClient.withId("id-bare").clientId("bare")
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build();
        assertThat(subjects.subjectFor(bare, ACCOUNT)).isEqualTo(ACCOUNT);
        assertThat(new PairwiseSubjects(null).subjectFor(bare, ACCOUNT)).as("no secret needed").isEqualTo(ACCOUNT);
    }

    @Test
    void differentSecrets_giveDifferentSubs() {
        RegisteredClient tax = app("tax", SubjectType.PAIRWISE, "council.example");
        assertThat(subjects.subjectFor(tax, ACCOUNT)).isNotEqualTo(new PairwiseSubjects("another-secret-another-secret-xx").subjectFor(tax, ACCOUNT));
    }

    @Test
    void thePairwiseSub_doesNotContainTheAccountId() {
        String sub = subjects.subjectFor(app("tax", SubjectType.PAIRWISE, "council.example"), ACCOUNT);
        assertThat(sub).doesNotContain(ACCOUNT).doesNotContain("7f3a2c").matches("[A-Za-z0-9_-]{43}"); // base64url HMAC-SHA256
    }

    @Test
    void aPairwiseApp_withoutASecret_isAConfigurationError() {
        assertThatThrownBy(() -> new PairwiseSubjects(null).subjectFor(app("tax", SubjectType.PAIRWISE, "council.example"), ACCOUNT))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("civicid.pairwise-secret is required for pairwise clients");
    }
}
