package uk.civicid.broker.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Predicate;

/** A browser for HTTP tests: keeps cookies, follows redirects only when asked, posts forms. */
public final class Browser {

    public record Page(int status, URI uri, String body, String location) {
        public URI next() {
            return uri.resolve(location);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public Page get(URI uri) {
        return send(HttpRequest.newBuilder(uri).header("Accept", "text/html").GET().build());
    }

    public Page post(URI uri, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TestBroker.formBody(form))).build());
    }

    /** POSTs JSON, as a page's script does, with extra headers (a CSRF token). */
    public Page postJson(URI uri, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "application/json")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Follows redirects from {@code page} until one points somewhere {@code stop} accepts, or a page is not a redirect. */
    public Page follow(Page page, Predicate<URI> stop) {
        for (int hops = 0; page.location() != null && hops < 20; hops++) {
            if (stop.test(page.next())) {
                return page;
            }
            page = get(page.next());
        }
        return page;
    }

    public Page follow(Page page) {
        return follow(page, uri -> false);
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), request.uri(), response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
