package uk.civicid.console.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The broker's admin API, called with the signed-in person's access token (added by the RestClient's OAuth2
 * interceptor; see {@code ApiClientConfiguration}). Every refusal becomes an {@link AdminApiError}. Tokens, secrets
 * and request bodies are never logged.
 */
@Component
public class AdminApi {

    private static final Pattern ACR_VALUES = Pattern.compile("acr_values=\"([^\"]*)\"");

    private final RestClient rest;
    private final ObjectMapper json;

    public AdminApi(RestClient adminApiClient, ObjectMapper json) {
        this.rest = adminApiClient;
        this.json = json;
    }

    private record AppList(List<App> apps) {}

    private record UpstreamList(List<Upstream> upstreams) {}

    private record PersonList(List<Person> people) {}

    private record KeyList(List<SigningKey> keys) {}

    /** Whether the person is an administrator or an app team member; a 403 if they are neither. */
    public Caller me() {
        return get("/me", Caller.class);
    }

    // --- Apps ---

    public List<App> apps() {
        return orEmpty(get("/apps", AppList.class).apps());
    }

    public App app(String clientId) {
        return get("/apps/{id}", App.class, clientId);
    }

    /** Registers an app; the answer carries its client secret once (for apps with one). */
    public App register(AppMetadata metadata) {
        return send(rest.post().uri("/apps").body(metadata), App.class);
    }

    public App change(String clientId, AppMetadata metadata) {
        return send(rest.put().uri("/apps/{id}", clientId).body(metadata), App.class);
    }

    public ClientSecret rotateSecret(String clientId) {
        return send(rest.post().uri("/apps/{id}/secret", clientId), ClientSecret.class);
    }

    public App setAppEnabled(String clientId, boolean enabled) {
        return send(rest.post().uri("/apps/{id}/" + (enabled ? "enable" : "disable"), clientId), App.class);
    }

    public App setOwners(String clientId, List<String> owners) {
        return send(rest.put().uri("/apps/{id}/owners", clientId).body(Map.of("owners", owners)), App.class);
    }

    /** A token with which a team may register one app itself (RFC 7591, at the broker's /connect/register). */
    public InitialAccessToken initialAccessToken(long expiresInSeconds) {
        return send(rest.post().uri("/initial-access-tokens").body(Map.of("expires_in", expiresInSeconds)), InitialAccessToken.class);
    }

    // --- Upstreams ---

    public List<Upstream> upstreams() {
        return orEmpty(get("/upstreams", UpstreamList.class).upstreams());
    }

    public Upstream upstream(String id) {
        return get("/upstreams/{id}", Upstream.class, id);
    }

    public Upstream add(UpstreamChange upstream) {
        return send(rest.post().uri("/upstreams").body(upstream), Upstream.class);
    }

    public Upstream change(String id, UpstreamChange upstream) {
        return send(rest.put().uri("/upstreams/{id}", id).body(upstream), Upstream.class);
    }

    public Upstream setUpstreamEnabled(String id, boolean enabled) {
        return send(rest.post().uri("/upstreams/{id}/" + (enabled ? "enable" : "disable"), id), Upstream.class);
    }

    public ConnectionTest testConnection(String id) {
        return send(rest.post().uri("/upstreams/{id}/test", id), ConnectionTest.class);
    }

    // --- People ---

    public List<Person> people(String query) {
        return orEmpty(send(rest.get().uri(uri -> uri.path("/people").queryParam("q", "{q}").build(query)), PersonList.class).people());
    }

    public Person person(String id) {
        return get("/people/{id}", Person.class, id);
    }

    public void setPersonDisabled(String id, boolean disabled) {
        send(rest.post().uri("/people/{id}/" + (disabled ? "disable" : "enable"), id), JsonNode.class);
    }

    public SessionsEnded revokeSessions(String id) {
        return send(rest.post().uri("/people/{id}/revoke-sessions", id), SessionsEnded.class);
    }

    public void revokePasskey(String personId, String passkeyId) {
        send(rest.delete().uri("/people/{id}/passkeys/{passkey}", personId, passkeyId), JsonNode.class);
    }

    // --- Signing keys and audit ---

    public List<SigningKey> signingKeys() {
        return orEmpty(get("/signing-keys", KeyList.class).keys());
    }

    public List<SigningKey> rotateSigningKeys() {
        return orEmpty(send(rest.post().uri("/signing-keys/rotate"), KeyList.class).keys());
    }

    public AuditPage audit(AuditQuery query, int limit) {
        AuditPage page = send(rest.get().uri(uri -> auditUri(uri, query, limit)), AuditPage.class);
        return new AuditPage(orEmpty(page.events()), page.next());
    }

    /** Values go in as URI variables, so they are fully encoded ("+" in an email address stays a "+"). */
    private static URI auditUri(UriBuilder uri, AuditQuery query, int limit) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("account", query.account());
        values.put("client", query.client());
        values.put("type", query.type());
        values.put("from", query.from());
        values.put("to", query.to());
        values.put("before", query.before());
        values.values().removeIf(value -> value == null || value.toString().isBlank());
        uri.path("/audit");
        values.keySet().forEach(name -> uri.queryParam(name, "{" + name + "}"));
        values.put("limit", limit);
        return uri.queryParam("limit", "{limit}").build(values);
    }

    // --- The one place where answers become values or errors ---

    private <T> T get(String path, Class<T> type, Object... variables) {
        return send(rest.get().uri(path, variables), type);
    }

    private <T> T send(RestClient.RequestHeadersSpec<?> request, Class<T> type) {
        try {
            return request.exchange((req, response) -> {
                if (response.getStatusCode().is2xxSuccessful()) {
                    return response.getStatusCode().value() == 204 ? null : response.bodyTo(type);
                }
                throw refusal(req, response);
            });
        } catch (ResourceAccessException unreachable) {
            throw new AdminApiError(503, "temporarily_unavailable", "the broker's admin API could not be reached", List.of(), null);
        }
    }

    private AdminApiError refusal(HttpRequest request, ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        String authenticate = response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
        String error = null;
        String description = null;
        List<AdminApiError.FieldProblem> fields = List.of();
        try (InputStream body = response.getBody()) {
            JsonNode problem = json.readTree(body);
            if (problem != null && problem.isObject()) {
                error = text(problem, "error");
                description = text(problem, "error_description");
                if (problem.path("fields").isArray()) {
                    fields = problem.path("fields").valueStream()
                            .map(f -> new AdminApiError.FieldProblem(text(f, "field"), text(f, "message"))).toList();
                }
            }
        } catch (RuntimeException notJson) {
            // e.g. the resource server's 401 has no body: the WWW-Authenticate header says it all
        }
        if (error == null && authenticate != null) {
            Matcher m = Pattern.compile("error=\"([^\"]*)\"").matcher(authenticate);
            error = m.find() ? m.group(1) : null;
        }
        String acrValues = null;
        if (authenticate != null) {
            Matcher m = ACR_VALUES.matcher(authenticate);
            acrValues = m.find() ? m.group(1) : null;
        }
        return new AdminApiError(status, error != null ? error : "http_" + status,
                description != null ? description : "the admin API answered " + status + " to " + request.getMethod(),
                fields, acrValues);
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
