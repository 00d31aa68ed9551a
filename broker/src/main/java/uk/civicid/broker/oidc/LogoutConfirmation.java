package uk.civicid.broker.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.session.BrokerSessions;
import uk.civicid.broker.signin.UpstreamSignOut;

/**
 * RP-initiated logout that the framework cannot take as it is (OpenID Connect RP-Initiated Logout 1.0): no
 * {@code id_token_hint} (§2 allows that), or one that no longer names a session (expired, revoked). Such a request could
 * come from any site, so it signs nobody out by itself: the person is asked, on a page in English or Welsh, and only
 * their "Sign out" (a form with the broker's CSRF token) ends their session. It then goes to the app's
 * {@code post_logout_redirect_uri} with its {@code state}, when {@code client_id} names an app that registered that URI,
 * by way of the upstreams ({@link UpstreamSignOut}); a URI the app did not register is refused on a page, never
 * followed. Every logout error is a page for a person, never JSON.
 */
@Controller
public class LogoutConfirmation implements AuthenticationFailureHandler {

    static final String PATH = "/signout";

    private final RegisteredClientRepository clients;
    private final BrokerLogout logout;
    private final UpstreamSignOut upstreamSignOut;

    public LogoutConfirmation(RegisteredClientRepository clients, BrokerSessions sessions, Audit audit, UpstreamSignOut upstreamSignOut) {
        this.clients = clients;
        this.logout = new BrokerLogout(sessions, audit, upstreamSignOut);
        this.upstreamSignOut = upstreamSignOut;
    }

    /** The framework refused the logout request: ask the person instead, with what the app asked for. */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        Map<String, String> asked = new LinkedHashMap<>();
        for (String name : List.of("client_id", "post_logout_redirect_uri", "state")) {
            String value = request.getParameter(name);
            if (value != null && value.length() <= 2048) {
                asked.put(name, value);
            }
        }
        UriComponentsBuilder confirm = UriComponentsBuilder.fromPath(request.getContextPath() + PATH);
        asked.keySet().forEach(name -> confirm.queryParam(name, "{" + name + "}"));
        response.sendRedirect(confirm.encode().buildAndExpand(asked).toUriString());
    }

    @GetMapping(PATH)
    public ModelAndView confirm(@RequestParam(name = "client_id", required = false) String clientId,
                                @RequestParam(name = "post_logout_redirect_uri", required = false) String postLogoutRedirectUri,
                                @RequestParam(required = false) String state, Locale locale) {
        Optional<RegisteredClient> app = app(clientId);
        if (postLogoutRedirectUri != null && !registered(app, postLogoutRedirectUri)) {
            return new ModelAndView("signout-refused", HttpStatus.BAD_REQUEST);
        }
        ModelAndView page = new ModelAndView("signout-confirm");
        page.addObject("appName", app.map(a -> ClientPolicy.of(a).displayName(locale)).orElse(null));
        page.addObject("clientId", app.map(RegisteredClient::getClientId).orElse(null));
        page.addObject("postLogoutRedirectUri", postLogoutRedirectUri);
        page.addObject("state", state);
        return page;
    }

    @PostMapping(PATH)
    public Object signOut(@RequestParam(name = "client_id", required = false) String clientId,
                          @RequestParam(name = "post_logout_redirect_uri", required = false) String postLogoutRedirectUri,
                          @RequestParam(required = false) String state, HttpServletRequest request, HttpServletResponse response) {
        if (postLogoutRedirectUri != null && !registered(app(clientId), postLogoutRedirectUri)) {
            return new ModelAndView("signout-refused", HttpStatus.BAD_REQUEST);
        }
        String target = postLogoutRedirectUri == null ? UpstreamSignOut.SIGNED_OUT : AppLogoutResponse.withState(postLogoutRedirectUri, state);
        logout.logout(request, response, null);
        return "redirect:" + upstreamSignOut.leave(request, target);
    }

    /** Whether the app registered this post-logout redirect URI: only then is it followed. */
    private static boolean registered(Optional<RegisteredClient> app, String postLogoutRedirectUri) {
        return app.filter(a -> a.getPostLogoutRedirectUris().contains(postLogoutRedirectUri)).isPresent();
    }

    private Optional<RegisteredClient> app(String clientId) {
        return clientId == null || clientId.length() > 255 ? Optional.empty() : Optional.ofNullable(clients.findByClientId(clientId));
    }
}
