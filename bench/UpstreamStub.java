import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fast upstream OpenID provider both brokers federate in the benchmark: no login page (each authorization request
 * signs in the next of a fixed set of people at once), real RS256 ID tokens, PKCE S256 and client_secret_basic checked,
 * one-time codes, and a userinfo endpoint (OIDC Core §5.3) answering the access token of the code exchange with the same
 * claims as the ID token. Binds 127.0.0.1 only.
 *
 * <p>Usage: {@code java UpstreamStub.java PORT CLIENT_ID:SECRET [CLIENT_ID:SECRET…]}
 */
public class UpstreamStub {

    /** People signed in round robin: the first pass creates their accounts, later sign-ins are returning people. */
    private static final int PEOPLE = 256;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    record Grant(String clientId, String redirectUri, String nonce, String challenge, int person) {}

    private final String issuer;
    private final Map<String, String> secrets;
    private final KeyPair key;
    private final String kid = "stub-1";
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    /** Access token → person; each is asked for once at most, so it is forgotten when used. */
    private final Map<String, Integer> accessTokens = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();

    UpstreamStub(String issuer, Map<String, String> secrets) throws Exception {
        this.issuer = issuer;
        this.secrets = secrets;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.key = generator.generateKeyPair();
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Map<String, String> secrets = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split(":", 2);
            secrets.put(pair[0], pair[1]);
        }
        UpstreamStub stub = new UpstreamStub("http://127.0.0.1:" + port, secrets);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", stub::handle);
        server.start();
        System.out.println("upstream stub ready on " + stub.issuer);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/.well-known/openid-configuration" -> json(exchange, 200, discovery());
                case "/jwks" -> json(exchange, 200, jwks());
                case "/authorize" -> authorize(exchange);
                case "/token" -> token(exchange);
                case "/userinfo" -> userInfo(exchange);
                default -> json(exchange, 404, "{\"error\":\"not_found\"}");
            }
        } catch (Exception e) {
            json(exchange, 500, "{\"error\":\"server_error\"}");
        }
    }

    private String discovery() {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\""
                + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\",\"userinfo_endpoint\":\"" + issuer + "/userinfo\",\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"],"
                + "\"scopes_supported\":[\"openid\",\"email\",\"profile\"]}";
    }

    private String jwks() {
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + unsigned(pub.getModulus()) + "\",\"e\":\"" + unsigned(pub.getPublicExponent()) + "\"}]}";
    }

    /** Signs the next person in at once and sends the browser back with a code. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        String clientId = q.get("client_id"), redirectUri = q.get("redirect_uri");
        if (!secrets.containsKey(clientId) || redirectUri == null || !"code".equals(q.get("response_type"))) {
            json(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = random();
        codes.put(code, new Grant(clientId, redirectUri, q.get("nonce"), q.get("code_challenge"), (int) (next.getAndIncrement() % PEOPLE)));
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code
                + (q.get("state") != null ? "&state=" + enc(q.get("state")) : "");
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange) throws Exception {
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String clientId = authenticatedClient(exchange.getRequestHeaders().getFirst("Authorization"), body);
        if (clientId == null) {
            json(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Grant grant = codes.remove(body.getOrDefault("code", ""));
        if (!"authorization_code".equals(body.get("grant_type")) || grant == null || !grant.clientId().equals(clientId)
                || !grant.redirectUri().equals(body.get("redirect_uri"))
                || (grant.challenge() != null && !grant.challenge().equals(s256(body.getOrDefault("code_verifier", ""))))) {
            json(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"person-" + grant.person() + "\",\"aud\":\"" + clientId + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 300) + ",\"auth_time\":" + now
                + (grant.nonce() != null ? ",\"nonce\":\"" + grant.nonce() + "\"" : "") + "," + profile(grant.person()) + "}";
        String accessToken = random();
        accessTokens.put(accessToken, grant.person());
        json(exchange, 200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\""
                + sign(claims) + "\"}");
    }

    /** OIDC Core §5.3 with a Bearer token (RFC 6750); the same claims as the ID token's. */
    private void userInfo(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Integer person = authorization != null && authorization.startsWith("Bearer ") ? accessTokens.remove(authorization.substring(7)) : null;
        if (person == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            json(exchange, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        json(exchange, 200, "{\"sub\":\"person-" + person + "\"," + profile(person) + "}");
    }

    private static String profile(int n) {
        String person = "person-" + n;
        return "\"email\":\"" + person + "@bench.example\",\"email_verified\":true,\"name\":\"Bench Person " + n
                + "\",\"given_name\":\"Bench\",\"family_name\":\"Person " + n + "\",\"preferred_username\":\"" + person + "\"";
    }

    /** client_secret_basic (RFC 6749 §2.3.1), or client_secret_post. */
    private String authenticatedClient(String authorization, Map<String, String> body) {
        String id = body.get("client_id"), secret = body.get("client_secret");
        if (authorization != null && authorization.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            id = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        return id != null && secret != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                secrets.getOrDefault(id, "\0").getBytes(StandardCharsets.UTF_8)) ? id : null;
    }

    private String sign(String claims) throws Exception {
        String input = B64.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int start = bytes[0] == 0 ? 1 : 0;
        return B64.encodeToString(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
    }

    private static String s256(String verifier) throws Exception {
        return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
