package uk.civicid.broker.testsupport;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import uk.civicid.broker.BrokerApplication;
import uk.civicid.broker.store.redis.RedisKeys;

/** A broker on a free loopback port, configured like a deployment (through {@code civicid.*} properties), and the app side of OAuth calls to it. */
public final class TestBroker implements AutoCloseable {

    /** A JSON answer from one of the broker's endpoints, with its headers. */
    public record Json(int status, Map<String, Object> body, HttpHeaders headers) {
        /** The claims of the ID token in this token response. */
        public com.nimbusds.jwt.JWTClaimsSet idToken() {
            try {
                return com.nimbusds.jwt.SignedJWT.parse(string("id_token")).getJWTClaimsSet();
            } catch (java.text.ParseException e) {
                throw new IllegalStateException("not a JWT: the id_token of " + this, e);
            }
        }

        public String string(String name) {
            return (String) body.get(name);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final ConfigurableApplicationContext context;
    private final URI issuer;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Whether this broker's keys are its own to delete on close: a prefix it made up in the run's shared Redis. */
    private final boolean ownsRedisKeys;

    private TestBroker(ConfigurableApplicationContext context, URI issuer, boolean ownsRedisKeys) {
        this.context = context;
        this.issuer = issuer;
        this.ownsRedisKeys = ownsRedisKeys;
    }

    /** The Redis every broker of this test run shares, when the run tests the Redis store (-Dcivicid.test.store=redis). */
    private static TestRedis sharedRedis;

    /**
     * Starts a broker with these properties, given as command-line arguments so they win over application.yml.
     * With {@code -Dcivicid.test.store=redis} it uses a Redis store (each broker its own key prefix), so every
     * flow test also runs against Redis.
     */
    public static TestBroker start(Map<String, ?> properties) {
        return start(freePort(), properties);
    }

    /** As {@link #start(Map)}, on a port chosen beforehand (for configuration that names the broker's own address). */
    public static TestBroker start(int port, Map<String, ?> properties) {
        URI issuer = URI.create("http://127.0.0.1:" + port);
        Map<String, Object> all = new LinkedHashMap<>();
        boolean ownPrefix = "redis".equals(System.getProperty("civicid.test.store")) && !properties.containsKey("spring.data.redis.url");
        if (ownPrefix) {
            all.putAll(sharedRedis().brokerProperties());
            all.put("civicid.store.key-prefix", "test-" + UUID.randomUUID() + ":");
        }
        all.putAll(properties);
        all.put("server.port", issuer.getPort());
        all.put("server.address", "127.0.0.1");
        all.putIfAbsent("civicid.issuer", issuer.toString());
        // A configured issuer naming this broker's port (http://localhost:<port>, as WebAuthn needs) is where it is
        // called, so that its cookies and redirects agree; one naming another node's port is not.
        URI configured = URI.create(String.valueOf(all.get("civicid.issuer")));
        URI base = configured.getPort() == port ? configured : issuer;
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new TestBroker(new SpringApplicationBuilder(BrokerApplication.class).run(args), base, ownPrefix);
    }

    private static synchronized TestRedis sharedRedis() {
        if (sharedRedis == null) {
            sharedRedis = TestRedis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(sharedRedis::close));
        }
        return sharedRedis;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI issuer() {
        return issuer;
    }

    public URI uri(String path) {
        return issuer.resolve(path);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** POSTs a form to a broker endpoint, authenticating with client_secret_basic when a secret is given. */
    public Json post(String path, Map<String, String> form, String clientId, String clientSecret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        if (clientSecret != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    /** POSTs a form to a broker endpoint with these headers, and no client authentication unless they carry it. */
    public Json post(String path, Map<String, String> form, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** GETs a public broker endpoint (discovery, JWKS). */
    public Json get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** GETs a broker endpoint with a bearer token. */
    public Json getWithBearer(String path, String accessToken) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + accessToken).GET().build());
    }

    /** Calls a JSON API of the broker (the admin API, client registration) with a bearer token; {@code json} may be null. */
    public Json send(String method, String path, String bearerToken, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return send(request.build());
    }

    private Json send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Json(response.statusCode(), body.isBlank() ? Map.of() : JSONObjectUtils.parse(body), response.headers());
        } catch (IOException | InterruptedException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the broker. A broker given the run's shared Redis removes the keys under the prefix it made up (never
     * anything else); a test that brought its own Redis keeps its data, e.g. for the next broker to find.
     */
    @Override
    public void close() {
        if (ownsRedisKeys) {
            StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
            String prefix = context.getBean(RedisKeys.class).prefix();
            try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
                keys.forEachRemaining(redis::delete);
            } catch (RuntimeException e) {
                // Redis may have been stopped by the test; its keys go with it.
            }
        }
        context.close();
    }

    public static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    /** The query parameters of a URI, decoded. */
    public static Map<String, String> query(URI uri) {
        Map<String, String> decoded = new LinkedHashMap<>();
        UriComponentsBuilder.fromUri(uri).build().getQueryParams().toSingleValueMap()
                .forEach((name, value) -> decoded.put(name, value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8)));
        return decoded;
    }

    /** The PKCE S256 challenge of a verifier (RFC 7636 §4.2). */
    public static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
