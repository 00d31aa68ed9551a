package uk.civicid.broker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fixture gives what the admin API asks of a caller: a passkey sign-in and the console's admin scopes. */
class AdminSessionTest {

    @Test
    void aPersonSignedInToTheConsole_hasAPasskeySignIn_andTheAdminScopes() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start("civicid", "upstream-secret", FakeUpstream.KeyType.RS256)) {
            int port = TestBroker.freePort();
            String brokerUrl = "http://localhost:" + port;
            Map<String, Object> properties = new HashMap<>(TestUpstream.properties(TestUpstream.of(upstream, "council").named("Council staff")));
            properties.put("civicid.issuer", brokerUrl);
            properties.putAll(AdminSession.console(0));
            properties.putAll(AdminSession.administrators("council", "admin-1"));
            properties.putAll(AdminSession.appTeamUpstream("council"));
            try (TestBroker broker = TestBroker.start(port, properties)) {
                AdminSession session = AdminSession.start(broker, brokerUrl, upstream, "council",
                        FakeUpstream.Persona.of("admin-1", "admin@council.example", "Ada Admin"));
                AdminSession.Person admin = session.signIn("admin-1");
                JWTClaimsSet claims = SignedJWT.parse(admin.accessToken()).getJWTClaimsSet();
                assertThat(claims.getStringListClaim("amr")).contains("hwk");
                assertThat(claims.getStringListClaim("scope")).contains("civicid.admin", "civicid.apps");
                assertThat(admin.accountId()).isEqualTo(claims.getSubject()).isNotBlank();
                // A second sign-in works too: the passkey's counter goes up each time.
                assertThat(session.signIn("admin-1").accountId()).isEqualTo(admin.accountId());
            }
        }
    }
}
