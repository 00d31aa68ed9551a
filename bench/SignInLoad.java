import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole federated sign-in as a browser and an app make it, repeated by N concurrent people: the app's authorization
 * request, every redirect (broker → upstream → broker callback → back to the app, cookies kept per browser like a
 * browser does), then the app's token request with the code (PKCE S256). Each sign-in starts with a fresh browser, so
 * none is answered from an existing broker session. wrk cannot do this (cookies, redirects, a code per flow).
 *
 * <pre>
 * java SignInLoad.java load   AUTHORIZE_URL TOKEN_URL CLIENT_ID SECRET HINT_PARAM=VALUE CONNECTIONS SECONDS WARMUP_SECONDS
 * java SignInLoad.java tokens AUTHORIZE_URL TOKEN_URL CLIENT_ID SECRET HINT_PARAM=VALUE CONNECTIONS COUNT
 * </pre>
 * {@code load} prints one line: {@code rps=… p50_ms=… p99_ms=… errors=… requests=…} (a request is one whole sign-in);
 * {@code tokens} prints COUNT refresh tokens, one a line, for the refresh_token scenario.
 */
public class SignInLoad {

    static final String REDIRECT_URI = "http://127.0.0.1:19999/cb";
    static final SecureRandom RANDOM = new SecureRandom();
    static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    final String authorize, token, clientId, secret, hint;
    final AtomicLong errors = new AtomicLong();
    final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();

    SignInLoad(String[] a) {
        authorize = a[1];
        token = a[2];
        clientId = a[3];
        secret = a[4];
        hint = a[5];
    }

    public static void main(String[] a) throws Exception {
        SignInLoad load = new SignInLoad(a);
        int connections = Integer.parseInt(a[6]);
        if (a[0].equals("tokens")) {
            load.tokens(connections, Integer.parseInt(a[7]));
        } else {
            load.load(connections, Integer.parseInt(a[7]), Integer.parseInt(a[8]));
        }
    }

    void tokens(int connections, int count) throws Exception {
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
        AtomicLong left = new AtomicLong(count);
        run(connections, () -> {
            while (left.getAndDecrement() > 0) {
                String body = signIn();
                Matcher m = body == null ? null : REFRESH_TOKEN.matcher(body);
                if (m != null && m.find()) {
                    tokens.add(m.group(1));
                } else {
                    left.incrementAndGet();
                    if (errors.get() > count) {
                        return;
                    }
                }
            }
        });
        report();
        if (tokens.size() < count) {
            System.err.println("only " + tokens.size() + " of " + count + " sign-ins gave a refresh token");
            System.exit(1);
        }
        tokens.forEach(System.out::println);
    }

    void load(int connections, int seconds, int warmupSeconds) throws Exception {
        long measureFrom = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        List<long[]> latencies = new ArrayList<>();
        AtomicLong measuredErrors = new AtomicLong();
        run(connections, () -> {
            long[] mine = new long[1 << 16];
            int n = 0;
            while (true) {
                long start = System.nanoTime();
                if (start >= end) {
                    break;
                }
                boolean ok = signIn() != null;
                long done = System.nanoTime();
                if (done >= measureFrom && done <= end) { // throughput: sign-ins finished in the measured window
                    if (!ok) {
                        measuredErrors.incrementAndGet();
                    } else if (n < mine.length) {
                        mine[n++] = done - start;
                    }
                }
            }
            synchronized (latencies) {
                latencies.add(Arrays.copyOf(mine, n));
            }
        });
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("rps=%.1f p50_ms=%.1f p99_ms=%.1f errors=%d requests=%d%n", (all.length + measuredErrors.get()) / (double) seconds,
                percentile(all, 50), percentile(all, 99), measuredErrors.get(), all.length + measuredErrors.get());
        report();
    }

    void report() {
        if (errors.get() > 0) {
            System.err.println("sign-in errors: " + errors.get() + "; first: " + String.join(" | ", firstErrors));
        }
    }

    static double percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static void run(int threads, Runnable body) throws InterruptedException {
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            started.add(Thread.ofPlatform().start(body));
        }
        for (Thread t : started) {
            t.join();
        }
    }

    /** One whole sign-in in a fresh browser; the token response, or null (counted) if any step failed. */
    String signIn() {
        try {
            Map<String, Map<String, String>> cookies = new HashMap<>();
            String verifier = random(32), state = random(16), nonce = random(16);
            Map<String, String> query = new LinkedHashMap<>();
            query.put("response_type", "code");
            query.put("client_id", clientId);
            query.put("redirect_uri", REDIRECT_URI);
            query.put("scope", "openid profile email");
            query.put("state", state);
            query.put("nonce", nonce);
            query.put("code_challenge", s256(verifier));
            query.put("code_challenge_method", "S256");
            String[] h = hint.split("=", 2);
            query.put(h[0], h[1]);
            URI url = URI.create(authorize + "?" + form(query));
            String code = null;
            for (int hop = 0; hop < 20 && code == null; hop++) {
                HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET();
                String cookie = cookieHeader(cookies.get(url.getRawAuthority()));
                if (cookie != null) {
                    request.header("Cookie", cookie);
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                keepCookies(cookies.computeIfAbsent(url.getRawAuthority(), k -> new HashMap<>()), response);
                String location = response.headers().firstValue("Location").orElse(null);
                if (response.statusCode() / 100 != 3 || location == null) {
                    return fail("stopped at " + response.statusCode() + " " + url.getPath());
                }
                url = url.resolve(location);
                if (url.toString().startsWith(REDIRECT_URI)) {
                    Map<String, String> back = parse(url.getRawQuery());
                    if (!state.equals(back.get("state")) || back.get("code") == null) {
                        return fail("back at the app without code or with the wrong state: " + back.keySet() + " " + back.get("error"));
                    }
                    code = back.get("code");
                }
            }
            if (code == null) {
                return fail("too many redirects");
            }
            Map<String, String> body = new LinkedHashMap<>();
            body.put("grant_type", "authorization_code");
            body.put("code", code);
            body.put("redirect_uri", REDIRECT_URI);
            body.put("code_verifier", verifier);
            body.put("client_id", clientId);
            body.put("client_secret", secret);
            HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(token)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(body))).build(), HttpResponse.BodyHandlers.ofString());
            if (tokens.statusCode() != 200 || !tokens.body().contains("\"id_token\"")) {
                return fail("token request answered " + tokens.statusCode());
            }
            return tokens.body();
        } catch (Exception e) {
            return fail(e.toString());
        }
    }

    String fail(String why) {
        if (errors.incrementAndGet() <= 3) {
            firstErrors.add(why);
        }
        return null;
    }

    static void keepCookies(Map<String, String> jar, HttpResponse<?> response) {
        for (String set : response.headers().allValues("Set-Cookie")) {
            String[] parts = set.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim(), value = parts[0].substring(eq + 1).trim();
            boolean expired = value.isEmpty() || Arrays.stream(parts).map(String::trim).anyMatch(p -> p.equalsIgnoreCase("Max-Age=0"));
            if (expired) {
                jar.remove(name);
            } else {
                jar.put(name, value);
            }
        }
    }

    static String cookieHeader(Map<String, String> jar) {
        if (jar == null || jar.isEmpty()) {
            return null;
        }
        StringBuilder header = new StringBuilder();
        jar.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        return header.toString();
    }

    static Map<String, String> parse(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
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

    static String form(Map<String, String> values) {
        StringBuilder s = new StringBuilder();
        values.forEach((k, v) -> s.append(s.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return s.toString();
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
