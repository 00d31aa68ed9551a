package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.FakeUpstream.Persona;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * The keys between the broker and its upstreams, through real HTTP: the broker's own key for
 * {@code private_key_jwt} client authentication, and the upstreams' signing keys as they rotate. One
 * upstream per test, as each keeps its own JWKS cache and refetch limit at the broker.
 */
class UpstreamKeysTest {

    @TempDir
    static Path keyDirectory;
    static ECKey brokerKey;
    static FakeUpstream govLogin;
    static FakeUpstream rotating;
    static FakeUpstream limited;
    static FakeUpstream outage;
    static TestBroker broker;
    static TestApp app;

    @BeforeAll
    static void start() throws JOSEException, IOException {
        brokerKey = new ECKeyGenerator(Curve.P_256).keyID("broker-2026").algorithm(JWSAlgorithm.ES256).generate();
        Path keyFile = Files.writeString(keyDirectory.resolve("gov-login-client.jwk"), brokerKey.toJSONString());
        govLogin = FakeUpstream.start("civicid-gov", "not-used", FakeUpstream.KeyType.ES256);
        rotating = FakeUpstream.start("civicid", "rotating-secret", FakeUpstream.KeyType.RS256);
        limited = FakeUpstream.start("civicid", "limited-secret", FakeUpstream.KeyType.RS256);
        outage = FakeUpstream.start("civicid", "outage-secret", FakeUpstream.KeyType.RS256);
        Map<String, Object> config = new HashMap<>(TestApp.registration(0, "services"));
        config.putAll(TestUpstream.properties(
                TestUpstream.of(govLogin, "gov-login").named("GOV.UK One Login").without("client-secret")
                        .set("client-authentication", "private_key_jwt").set("private-key-file", keyFile).list("algorithms", "ES256"),
                TestUpstream.of(rotating, "rotating"), TestUpstream.of(limited, "limited"), TestUpstream.of(outage, "outage")));
        broker = TestBroker.start(config);
        app = new TestApp(broker, "services");
    }

    @AfterAll
    static void stop() {
        broker.close();
        govLogin.close();
        rotating.close();
        limited.close();
        outage.close();
    }

    /** RFC 7523 §3 client assertion, as GOV.UK One Login and NHS login require: no secret is ever sent. */
    @Test
    void privateKeyJwtUpstream_signsIn_onlyOnceItTrustsTheBrokersKey() {
        govLogin.signInAs(person());
        Browser.Page refused = app.attemptSignIn(new Browser(), "gov-login");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(govLogin.tokenRequests()).isEqualTo(1);

        govLogin.trustClientKey(brokerKey.toPublicJWK());
        assertThat(app.signIn(new Browser(), "gov-login").getSubject()).isNotBlank();
        assertThat(govLogin.tokenRequests()).isEqualTo(2);
    }

    /** OIDC Core §10.1.1: a new kid in an ID token makes the broker fetch the upstream's JWKS again, once. */
    @Test
    void afterTheUpstreamRotatesItsKey_theNextSignIn_refetchesTheJwksOnce() {
        Persona person = person();
        rotating.signInAs(person);
        String sub = app.signIn(new Browser(), "rotating").getSubject();
        int fetched = rotating.jwksRequests();

        rotating.rotateKey();
        assertThat(app.signIn(new Browser(), "rotating").getSubject()).isEqualTo(sub);
        assertThat(rotating.jwksRequests()).isEqualTo(fetched + 1);
    }

    /**
     * Tokens naming keys the upstream never published cannot make the broker fetch its JWKS more than once
     * a minute (civicid.federation.jwks-refetch-interval), so they cannot turn the broker against the upstream.
     */
    @Test
    void unknownKid_isRefused_andRefetchesTheJwksAtMostOnceAMinute() {
        limited.signInAs(person());
        app.signIn(new Browser(), "limited");
        int fetched = limited.jwksRequests();

        limited.misbehave(FakeUpstream.Misbehaviour.UNKNOWN_KID);
        Browser.Page first = app.attemptSignIn(new Browser(), "limited");
        assertThat(first.status()).isEqualTo(400);
        assertThat(first.body()).contains("Start again");
        assertThat(limited.jwksRequests()).isEqualTo(fetched + 1);

        Browser.Page second = app.attemptSignIn(new Browser(), "limited");
        assertThat(second.status()).isEqualTo(400);
        assertThat(limited.jwksRequests()).isEqualTo(fetched + 1);

        limited.behave();
        assertThat(app.signIn(new Browser(), "limited").getSubject()).isNotBlank();
        assertThat(limited.jwksRequests()).isEqualTo(fetched + 1);
    }

    /** An upstream whose keys cannot be fetched is not working for now: the person is told to try later, not that it was an attack. */
    @Test
    void jwksUnavailable_showsTheLoginIsNotWorking_andSignInWorksWhenItIsBack() {
        outage.signInAs(person());
        outage.jwksAvailable(false);
        Browser.Page page = app.attemptSignIn(new Browser(), "outage");
        assertThat(page.status()).isEqualTo(503);
        assertThat(page.body()).contains("Sign-in is not working at the moment");

        outage.jwksAvailable(true);
        assertThat(app.signIn(new Browser(), "outage").getSubject()).isNotBlank();
    }

    private static Persona person() {
        String id = "person-" + UUID.randomUUID();
        return Persona.of(id, id + "@example.org", "Test Person");
    }
}
