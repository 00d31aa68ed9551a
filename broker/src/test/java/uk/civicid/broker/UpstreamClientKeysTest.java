package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.federation.UpstreamClientKeys;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.FakeUpstream;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;
import uk.civicid.broker.testsupport.TestUpstream;

/**
 * The broker's own client keys for private_key_jwt (RFC 7523), through real HTTP: an upstream registered with the
 * broker's JWKS URL instead of a pasted key verifies each client assertion against {@code /signin/client-jwks}, fetched
 * over HTTP as upstreams do; a rotation publishes the new key before it signs, and keeps the old one published until it
 * has been out of use for the configured retirement.
 */
class UpstreamClientKeysTest {

    static FakeUpstream upstream;
    static TestBroker broker;
    static TestApp app;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("civicid-nhs", "unused-secret", FakeUpstream.KeyType.RS256);
        Map<String, Object> properties = new HashMap<>(TestUpstream.properties(TestApp.registration(0, "tax"),
                TestUpstream.of(upstream, "nhs").named("NHS login").set("client-authentication", "private_key_jwt").without("client-secret")));
        // Each node rereads the keys every 200 ms, so a new key signs after 400 ms; a replaced one is dropped a second after.
        properties.put("civicid.tokens.signing-key-refresh", "200ms");
        properties.put("civicid.federation.client-key-retirement", "1s");
        broker = TestBroker.start(properties);
        upstream.trustClientJwksAt(broker.uri("/signin/client-jwks"));
        app = new TestApp(broker, "tax");
    }

    @AfterAll
    static void stop() {
        broker.close();
        upstream.close();
    }

    @Test
    void clientJwks_publishesPublicKeysOnly_withKidUseAndAlg_cacheableBriefly() throws Exception {
        TestBroker.Json served = broker.get("/signin/client-jwks");

        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Cache-Control")).contains("max-age=300").contains("public");
        List<JWK> keys = JWKSet.parse(served.body()).getKeys();
        assertThat(keys).isNotEmpty().allSatisfy(key -> {
            assertThat(key.isPrivate()).as("no private part").isFalse();
            assertThat(key.getKeyID()).isNotBlank();
            assertThat(key.getKeyUse()).hasToString("sig");
            assertThat(key.getAlgorithm()).isNotNull();
        });
        assertThat(keys).extracting(JWK::getKeyType).contains(KeyType.RSA);
        assertThat(served.body().toString()).doesNotContain("\"d\"").doesNotContain("\"p\"");
    }

    @Test
    void anUpstreamWithTheBrokersJwksUrl_acceptsItsClientAssertion_andTheSignInWorks() throws Exception {
        upstream.signInAs(FakeUpstream.Persona.of("nhs-" + UUID.randomUUID(), "patient@example.org", "Pat Ient"));

        assertThat(app.signIn(new Browser(), "nhs").getSubject()).isNotBlank();

        SignedJWT assertion = SignedJWT.parse(upstream.lastClientAssertion());
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("civicid-nhs");
        assertThat(claims.getSubject()).isEqualTo("civicid-nhs");
        assertThat(claims.getAudience()).containsExactly(upstream.tokenEndpoint());
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime()).isNotNull();
        assertThat(publishedKids()).contains(assertion.getHeader().getKeyID());
    }

    @Test
    void rotation_publishesTheNewKeyBeforeItSigns_andDropsTheOldOneAfterItsRetirement() throws Exception {
        upstream.signInAs(FakeUpstream.Persona.of("nhs-" + UUID.randomUUID(), "rota@example.org", "Ro Tation"));
        app.signIn(new Browser(), "nhs");
        String before = SignedJWT.parse(upstream.lastClientAssertion()).getHeader().getKeyID();

        broker.bean(UpstreamClientKeys.class).rotateNow();
        List<String> afterRotation = publishedKids();
        assertThat(afterRotation).as("the new key is published at once, the old one stays").contains(before).hasSizeGreaterThan(2);

        String after = eventually(() -> {
            app.signIn(new Browser(), "nhs");
            return kidOfLastAssertion();
        }, kid -> !kid.equals(before));
        assertThat(after).as("once every node has published it, the new key signs").isNotEqualTo(before);
        assertThat(publishedKids()).as("the old key is still published while upstreams may cache it").contains(before, after);

        List<String> later = eventually(UpstreamClientKeysTest::publishedKids, kids -> !kids.contains(before));
        assertThat(later).as("dropped once out of use for the retirement").doesNotContain(before).contains(after);
        app.signIn(new Browser(), "nhs");
        assertThat(kidOfLastAssertion()).isEqualTo(after);
    }

    private static String kidOfLastAssertion() {
        try {
            return SignedJWT.parse(upstream.lastClientAssertion()).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> publishedKids() {
        try {
            return JWKSet.parse(broker.get("/signin/client-jwks").body()).getKeys().stream().map(JWK::getKeyID).toList();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T eventually(java.util.function.Supplier<T> read, Predicate<T> done) throws InterruptedException {
        T value = read.get();
        for (int i = 0; i < 60 && !done.test(value); i++) {
            Thread.sleep(100);
            value = read.get();
        }
        return value;
    }
}
