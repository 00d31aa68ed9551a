package uk.civicid.broker.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.ConnectionReport;
import uk.civicid.broker.federation.ConnectionReport.Check;
import uk.civicid.broker.testsupport.EntraIdStandIn;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestBroker;

/** Testing the connection to an upstream reports each check, and what is wrong, without ever throwing. */
class OidcConnectionCheckTest {

    static FakeUpstream upstream;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid", "s", FakeUpstream.KeyType.ES256);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @AfterEach
    void behave() {
        upstream.jwksAvailable(true);
    }

    static CivicIdProperties.Upstream at(String issuer, List<String> algorithms) {
        return new CivicIdProperties.Upstream("council", null, new CivicIdProperties.LocalisedText("Council", null), URI.create(issuer),
                "civicid", null, "s", null, null, null, null, null, algorithms, null, null, null, null, null, null, true);
    }

    static ConnectionReport check(String issuer, List<String> algorithms) {
        return OidcConnectionCheck.run(at(issuer, algorithms), HTTP, Duration.ofSeconds(2));
    }

    @Test
    void aWorkingUpstream_passesBothChecks() {
        ConnectionReport report = check(upstream.issuer(), List.of("ES256"));
        assertThat(report.ok()).isTrue();
        assertThat(report.checks()).extracting(Check::name).containsExactly("discovery", "jwks");
    }

    /** Entra ID's multi-tenant metadata says a templated issuer: right for profile entra-id only. */
    @Test
    void entrasMultiTenantMetadata_passesForAnEntraIdUpstreamOnly() {
        try (FakeUpstream fake = FakeUpstream.start("civicid", "s", FakeUpstream.KeyType.RS256)) {
            EntraIdStandIn entra = EntraIdStandIn.on(fake);
            URI organizations = URI.create(entra.issuer("organizations"));
            CivicIdProperties.Upstream generic = at(organizations.toString(), List.of("RS256"));
            CivicIdProperties.Upstream entraId = new CivicIdProperties.Upstream("partners", null, generic.displayName(), organizations,
                    "civicid", null, "s", null, null, null, null, null, null, null, CivicIdProperties.UpstreamProfile.ENTRA_ID, null, null,
                    List.of(EntraIdStandIn.CONTOSO), null, true);

            assertThat(OidcConnectionCheck.run(entraId, HTTP, Duration.ofSeconds(2)).ok()).isTrue();
            ConnectionReport asGeneric = OidcConnectionCheck.run(generic, HTTP, Duration.ofSeconds(2));
            assertThat(asGeneric.checks().get(0).detail()).contains("discovery issuer does not match the configured issuer");
        }
    }

    @Test
    void aJwksWithoutAKeyForTheTrustedAlgorithms_isReported() {
        ConnectionReport report = check(upstream.issuer(), List.of("RS256"));
        assertThat(report.ok()).isFalse();
        assertThat(report.checks().get(0).ok()).isTrue();
        assertThat(report.checks().get(1).detail()).contains("no key").contains("RS256");
    }

    @Test
    void anUnavailableJwks_isReported() {
        upstream.jwksAvailable(false);
        ConnectionReport report = check(upstream.issuer(), List.of("ES256"));
        assertThat(report.checks().get(1)).extracting(Check::ok, Check::detail).containsExactly(false, upstream.issuer() + "/jwks: answered HTTP 503");
    }

    @Test
    void aDiscoveryDocumentOfAnotherIssuer_isReported() {
        ConnectionReport report = check(upstream.issuer().replace("127.0.0.1", "localhost"), List.of("ES256"));
        assertThat(report.ok()).isFalse();
        assertThat(report.checks().get(0).detail()).contains("issuer does not match");
        assertThat(report.checks().get(1).detail()).contains("not checked");
    }

    @Test
    void anUnreachableUpstream_isReported() {
        ConnectionReport report = check("http://127.0.0.1:" + TestBroker.freePort(), List.of("ES256"));
        assertThat(report.ok()).isFalse();
        assertThat(report.checks().get(0).detail()).contains("cannot connect");
    }

    @Test
    void aMissingDiscoveryDocument_isReported() {
        ConnectionReport report = check(upstream.issuer() + "/nowhere", List.of("ES256"));
        assertThat(report.checks().get(0).detail()).contains("answered HTTP 404");
    }
}
