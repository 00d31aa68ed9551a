package uk.civicid.broker;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * The discovery documents say exactly what works (OpenID Connect Discovery 1.0 §3, RFC 8414 §2): each value either
 * document advertises is named here with the test that uses it through real HTTP, and a value with no test, or a test
 * named for a value no longer advertised, fails. So the documents and the broker cannot drift apart again.
 */
class DiscoveryTest {

    /** Each advertised member (URLs by name, lists and flags by each value) and the test behind it, as Class#method. */
    static final Map<String, String> TESTED = Map.ofEntries(
            entry("issuer", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("authorization_endpoint", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("token_endpoint", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("jwks_uri", "TokenEndpointTest#tokens_areSignedRs256_unlessTheAppChoseEs256_withAKeyTheJwksPublishes"),
            entry("userinfo_endpoint", "TokenEndpointTest#userinfo_answersWithTheIdTokensSubject_andTheNameFromTheUpstream"),
            entry("end_session_endpoint", "GovUkOneLoginTest#anAppsLogout_goesByWayOfOneLogin_toTheAppsPostLogoutUri"),
            entry("revocation_endpoint", "TokenEndpointTest#revokedRefreshToken_cannotRefresh"),
            entry("introspection_endpoint", "TokenEndpointTest#introspection_describesALiveAccessToken"),
            entry("registration_endpoint", "AppRegistrationTest#registration_withAnInitialAccessToken_givesASecretThatGetsTokens_once"),
            entry("token_endpoint_auth_methods_supported=client_secret_basic", "TokenEndpointTest#clientCredentials_issuesAServiceToken_withoutAPerson"),
            entry("token_endpoint_auth_methods_supported=client_secret_post", "DiscoveryTest#clientSecretPost_authenticatesAnApp_atTheTokenIntrospectionAndRevocationEndpoints"),
            entry("token_endpoint_auth_methods_supported=private_key_jwt", "AppRegistrationTest#aClientAssertion_isAcceptedOnce_andNeedsAJtiAndAShortLife"),
            entry("token_endpoint_auth_methods_supported=none", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("revocation_endpoint_auth_methods_supported=client_secret_basic", "TokenEndpointTest#revokedRefreshToken_cannotRefresh"),
            entry("revocation_endpoint_auth_methods_supported=client_secret_post", "DiscoveryTest#clientSecretPost_authenticatesAnApp_atTheTokenIntrospectionAndRevocationEndpoints"),
            entry("introspection_endpoint_auth_methods_supported=client_secret_basic", "TokenEndpointTest#introspection_describesALiveAccessToken"),
            entry("introspection_endpoint_auth_methods_supported=client_secret_post", "DiscoveryTest#clientSecretPost_authenticatesAnApp_atTheTokenIntrospectionAndRevocationEndpoints"),
            entry("response_types_supported=code", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("grant_types_supported=authorization_code", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("grant_types_supported=refresh_token", "TokenEndpointTest#refresh_rotatesTheRefreshToken_andTheOldOneIsRefused"),
            entry("grant_types_supported=client_credentials", "TokenEndpointTest#clientCredentials_issuesAServiceToken_withoutAPerson"),
            entry("code_challenge_methods_supported=S256", "FederatedSignInTest#publicClient_withoutPkce_isRefused"),
            entry("subject_types_supported=public", "DiscoveryTest#pairwiseApps_ofOneSector_shareASubject_thatAPublicAppDoesNotGet"),
            entry("subject_types_supported=pairwise", "DiscoveryTest#pairwiseApps_ofOneSector_shareASubject_thatAPublicAppDoesNotGet"),
            entry("id_token_signing_alg_values_supported=RS256", "TokenEndpointTest#tokens_areSignedRs256_unlessTheAppChoseEs256_withAKeyTheJwksPublishes"),
            entry("id_token_signing_alg_values_supported=ES256", "TokenEndpointTest#tokens_areSignedRs256_unlessTheAppChoseEs256_withAKeyTheJwksPublishes"),
            entry("scopes_supported=openid", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("scopes_supported=profile", "TokenEndpointTest#userinfo_answersWithTheIdTokensSubject_andTheNameFromTheUpstream"),
            entry("scopes_supported=email", "GovUkOneLoginTest#aSignIn_asksForMediumAuthentication_withPrivateKeyJwt_andTheAppGetsItsLevelAndTheUserinfoEmail"),
            entry("scopes_supported=phone", "GovUkOneLoginTest#aSignIn_asksForMediumAuthentication_withPrivateKeyJwt_andTheAppGetsItsLevelAndTheUserinfoEmail"),
            entry("scopes_supported=identity", "GovUkOneLoginIdentityTest#anIdentityApp_getsTheVerifiedIdentity_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited"),
            entry("scopes_supported=nhs_number", "NhsLoginTest#anAppAllowedTheNhsNumber_getsIt_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited"),
            entry("scopes_supported=gp_registration_details", "NhsLoginTest#anAppAllowedTheGpPractice_getsIt_andAnAppWithoutTheScopeDoesNot"),
            entry("scopes_supported=roles", "EntraIdTest#appRolesAndGroups_areReleasedAsBrokerRoles_onlyToAnAppWithTheRolesScope_andEachReleaseIsAudited"),
            entry("claims_supported=iss", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("claims_supported=sub", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("claims_supported=aud", "TokenEndpointTest#accessToken_isAnRfc9068Jwt_aboutThePersonInTheIdToken"),
            entry("claims_supported=exp", "TokenEndpointTest#accessToken_isAnRfc9068Jwt_aboutThePersonInTheIdToken"),
            entry("claims_supported=iat", "TokenEndpointTest#accessToken_isAnRfc9068Jwt_aboutThePersonInTheIdToken"),
            entry("claims_supported=auth_time", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("claims_supported=nonce", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("claims_supported=acr", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("claims_supported=amr", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("claims_supported=sid", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("claims_supported=name", "TokenEndpointTest#userinfo_answersWithTheIdTokensSubject_andTheNameFromTheUpstream"),
            entry("claims_supported=email", "GovUkOneLoginTest#aSignIn_asksForMediumAuthentication_withPrivateKeyJwt_andTheAppGetsItsLevelAndTheUserinfoEmail"),
            entry("claims_supported=email_verified", "GovUkOneLoginTest#aSignIn_asksForMediumAuthentication_withPrivateKeyJwt_andTheAppGetsItsLevelAndTheUserinfoEmail"),
            entry("claims_supported=phone_number", "GovUkOneLoginTest#aSignIn_asksForMediumAuthentication_withPrivateKeyJwt_andTheAppGetsItsLevelAndTheUserinfoEmail"),
            entry("claims_supported=phone_number_verified", "GovUkOneLoginTest#aSignIn_asksForMediumAuthentication_withPrivateKeyJwt_andTheAppGetsItsLevelAndTheUserinfoEmail"),
            entry("claims_supported=verified_claims", "GovUkOneLoginIdentityTest#anIdentityApp_getsTheVerifiedIdentity_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited"),
            entry("claims_supported=nhs_number", "NhsLoginTest#anAppAllowedTheNhsNumber_getsIt_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited"),
            entry("claims_supported=gp_registration_details", "NhsLoginTest#anAppAllowedTheGpPractice_getsIt_andAnAppWithoutTheScopeDoesNot"),
            entry("claims_supported=roles", "EntraIdTest#appRolesAndGroups_areReleasedAsBrokerRoles_onlyToAnAppWithTheRolesScope_andEachReleaseIsAudited"),
            entry("acr_values_supported=http://eidas.europa.eu/LoA/substantial", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("acr_values_supported=http://eidas.europa.eu/LoA/high", "PasskeyBrowserTest#registerAPasskey_signOut_signInWithItAlone_andReachAStaffAppThatRequiresIt"),
            entry("authorization_response_iss_parameter_supported=true", "FederatedSignInTest#publicApp_signsInThroughUpstream_andGetsBrokerClaims"),
            entry("backchannel_logout_supported=true", "SingleSignOnTest#secondApp_signsInWithoutPrompt_andSignOut_endsTheSessionInBothApps"),
            entry("backchannel_logout_session_supported=true", "ScaleOutTest#aVisitSpreadOverTwoNodes_worksAsOnOne"),
            entry("claims_parameter_supported=false", "DiscoveryTest#theClaimsParameter_andRequestObjects_areNotHonoured"),
            entry("request_parameter_supported=false", "DiscoveryTest#theClaimsParameter_andRequestObjects_areNotHonoured"),
            entry("request_uri_parameter_supported=false", "DiscoveryTest#theClaimsParameter_andRequestObjects_areNotHonoured"),
            entry("verified_claims_supported=true", "GovUkOneLoginIdentityTest#anIdentityApp_getsTheVerifiedIdentity_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited"),
            entry("trust_frameworks_supported=uk_tfida", "GovUkOneLoginIdentityTest#anIdentityApp_getsTheVerifiedIdentity_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited"),
            entry("claims_in_verified_claims_supported=given_name", "GovUkOneLoginIdentityTest#anIdentityApp_getsTheVerifiedIdentity_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited"),
            entry("claims_in_verified_claims_supported=family_name", "GovUkOneLoginIdentityTest#anIdentityApp_getsTheVerifiedIdentity_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited"),
            entry("claims_in_verified_claims_supported=birthdate", "GovUkOneLoginIdentityTest#anIdentityApp_getsTheVerifiedIdentity_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited"),
            entry("claims_in_verified_claims_supported=address", "GovUkOneLoginIdentityTest#anIdentityApp_getsTheVerifiedIdentity_inItsIdTokenAndAtUserinfo_andEachReleaseIsAudited"));

    static FakeUpstream upstream;
    static TestBroker broker;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(
                TestUpstream.of(upstream, "council").acr("http://eidas.europa.eu/LoA/substantial"),
                // Proves identities, so the OpenID Connect for Identity Assurance members are advertised; never called here.
                TestUpstream.at("gov-uk", "https://oidc.account.gov.uk", "civicid-one-login", null).set("profile", "gov-uk-one-login")
                        .without("client-secret").set("identity.issuer", "https://identity.account.gov.uk/")));
        properties.put("civicid.pairwise-secret", "a-pairwise-secret-of-at-least-32-characters");
        properties.putAll(TestApp.registration(0, "tax"));
        properties.putAll(Map.of("civicid.clients[0].subject-type", "pairwise", "civicid.clients[0].sector", "revenues"));
        properties.putAll(TestApp.registration(1, "benefits"));
        properties.putAll(Map.of("civicid.clients[1].subject-type", "pairwise", "civicid.clients[1].sector", "revenues"));
        properties.putAll(TestApp.registration(2, "bins"));
        properties.putAll(Map.of(
                "civicid.clients[3].client-id", "nightly-report",
                "civicid.clients[3].name.en", "Nightly report",
                "civicid.clients[3].client-secret-hash", "{bcrypt}" + bcrypt.encode("report-secret"),
                "civicid.clients[3].grant-types[0]", "client_credentials",
                "civicid.clients[3].scopes[0]", "reports.read"));
        broker = TestBroker.start(properties);
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
    }

    @Test
    void everyAdvertisedValue_isNamedWithTheTestThatUsesIt_andEveryNamedValueIsAdvertised() throws Exception {
        Set<String> advertised = new TreeSet<>();
        for (String document : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
            broker.get(document).body().forEach((member, value) -> {
                if (value instanceof List<?> values) {
                    values.forEach(v -> advertised.add(member + "=" + v));
                } else if (value instanceof Boolean flag) {
                    advertised.add(member + "=" + flag);
                } else {
                    advertised.add(member); // an endpoint or the issuer: its URL
                }
            });
        }

        Set<String> untested = new TreeSet<>(advertised);
        untested.removeAll(TESTED.keySet());
        Set<String> notAdvertised = new TreeSet<>(TESTED.keySet());
        notAdvertised.removeAll(advertised);
        assertThat(untested).as("advertised without a test: build and test it, or stop advertising it").isEmpty();
        assertThat(notAdvertised).as("named here but not advertised").isEmpty();
        for (String test : Set.copyOf(TESTED.values())) {
            String[] named = test.split("#");
            Class<?> type = Class.forName(DiscoveryTest.class.getPackageName() + "." + named[0].replace("ScaleOutTest", "store.ScaleOutTest"));
            assertThat(Arrays.stream(type.getDeclaredMethods()).map(java.lang.reflect.Method::getName)).as(test).contains(named[1]);
        }
    }

    /** What the framework would advertise by default and CivicID does not support is neither advertised nor accepted. */
    @Test
    void tokenExchange_isRefusedAsAnUnsupportedGrant() {
        TestBroker.Json exchanged = broker.post("/oauth2/token", Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", "x", "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"), "nightly-report", "report-secret");

        assertThat(exchanged.status()).isEqualTo(400);
        assertThat(exchanged.string("error")).isEqualTo("unsupported_grant_type");
    }

    /** RFC 6749 §2.3.1: the secret in the form body, at each endpoint that authenticates an app. */
    @Test
    void clientSecretPost_authenticatesAnApp_atTheTokenIntrospectionAndRevocationEndpoints() {
        Map<String, String> credentials = Map.of("client_id", "nightly-report", "client_secret", "report-secret");
        Map<String, String> grant = new HashMap<>(credentials);
        grant.put("grant_type", "client_credentials");
        TestBroker.Json tokens = broker.post("/oauth2/token", grant, null, null);
        assertThat(tokens.status()).isEqualTo(200);
        String accessToken = tokens.string("access_token");

        Map<String, String> introspect = new HashMap<>(credentials);
        introspect.put("token", accessToken);
        assertThat(broker.post("/oauth2/introspect", introspect, null, null).body()).containsEntry("active", true);
        assertThat(broker.post("/oauth2/revoke", introspect, null, null).status()).isEqualTo(200);
        assertThat(broker.post("/oauth2/introspect", introspect, null, null).body()).containsEntry("active", false);
    }

    /** Pairwise apps of one sector get one subject for a person, which is not the one a public app gets (OIDC Core §8.1). */
    @Test
    void pairwiseApps_ofOneSector_shareASubject_thatAPublicAppDoesNotGet() {
        String subject = "person-" + UUID.randomUUID();
        upstream.signInAs(FakeUpstream.Persona.of(subject, subject + "@example.org", "Pat Jones"));
        Browser browser = new Browser();

        String tax = new TestApp(broker, "tax").signIn(browser, "council").getSubject();
        String benefits = new TestApp(broker, "benefits").signIn(browser, "council").getSubject();
        String bins = new TestApp(broker, "bins").signIn(browser, "council").getSubject();

        assertThat(benefits).isEqualTo(tax);
        assertThat(bins).isNotEqualTo(tax).isNotBlank();
    }

    /** claims_parameter_supported, request_parameter_supported and request_uri_parameter_supported are false: nothing more is given. */
    @Test
    void theClaimsParameter_andRequestObjects_areNotHonoured() {
        String subject = "person-" + UUID.randomUUID();
        upstream.signInAs(FakeUpstream.Persona.of(subject, subject + "@example.org", "Pat Jones"));
        // OIDC Core §5.5 and §6: a claims request, and a request object (unsigned, so no key is needed to make one).
        TestApp bins = new TestApp(broker, "bins").with(Map.of("claims", "{\"id_token\":{\"email\":null,\"name\":null}}",
                "request", "eyJhbGciOiJub25lIn0.eyJjbGFpbXMiOnsiaWRfdG9rZW4iOnsiZW1haWwiOm51bGx9fX0."));

        JWTClaimsSet idToken = bins.signIn(new Browser(), "council");

        assertThat(idToken.getClaims()).doesNotContainKeys("email", "name");
    }
}
