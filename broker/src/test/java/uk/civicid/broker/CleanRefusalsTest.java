package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.testsupport.Browser;
import uk.civicid.broker.testsupport.TestApp;
import uk.civicid.broker.testsupport.TestBroker;

/** Inputs a probe sent that once answered 500: each is now a refusal a person or an app can act on, never a stack trace. */
class CleanRefusalsTest {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(TestApp.registration(0, "tax"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aPostedAuthorizationRequestWithAHugeState_isRefused_notA500() {
        Browser.Page answer = new Browser().post(broker.uri("/oauth2/authorize"), Map.of("response_type", "code", "client_id", "tax",
                "redirect_uri", TestApp.REDIRECT_URI, "scope", "openid", "state", "s".repeat(100_000),
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));

        assertThat(answer.status()).isBetween(300, 499);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void theErrorPathItself_isNotA500() {
        Browser.Page answer = new Browser().get(broker.uri("/error"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("Exception");
    }
}
