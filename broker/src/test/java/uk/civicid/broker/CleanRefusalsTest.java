package uk.civicid.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /** The broker's security headers are on every answer, the framework's own errors included (not only the broker's pages). */
    @ParameterizedTest
    @CsvSource({"GET, /oauth2/authorize?response_type=code, text/html", "POST, /oauth2/token, */*",
            "POST, /connect/register, text/html", "GET, /admin/api/people, application/json", "GET, /signout, text/html"})
    void everyAnswer_carriesTheSecurityHeaders(String method, String path, String accept) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(broker.uri(path)).header("Accept", accept)
                .header("Content-Type", "application/x-www-form-urlencoded").method(method, method.equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.headers().firstValue("Content-Security-Policy")).as("%s %s (%s)", method, path, answer.statusCode())
                .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'").contains("default-src 'self'"));
        assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
}
