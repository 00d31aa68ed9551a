package uk.civicid.sample;
import org.junit.jupiter.api.Test;
class DebugTmpTest {
  @Test void debug() throws Exception {
    try (FakeBroker broker = new FakeBroker()) {
      var app = SampleApplication.builder().run("--server.port=0", "--BROKER_ISSUER=" + broker.issuer, "--logging.level.org.springframework.web=TRACE");
      System.out.println("LR=" + app.getBean("localeResolver").getClass());
      System.out.println("WC=" + app.getBeansOfType(WebConfig.class));
      String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/signed-out?lang=cy")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      System.out.println("HDR=" + r.headers().map());
      app.close();
    }
  }
}
