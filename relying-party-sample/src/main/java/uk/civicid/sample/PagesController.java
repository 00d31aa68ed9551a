package uk.civicid.sample;

import java.time.Instant;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The pages people see. */
@Controller
class PagesController {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final String appName;
    private final Environment environment;
    private final RestClient restClient;

    PagesController(@Value("${sample.name}") String appName, Environment environment, RestClient.Builder restClient) {
        this.appName = appName;
        this.environment = environment;
        this.restClient = restClient.build();
    }

    @ModelAttribute("appName")
    String appName() {
        return appName;
    }

    /** What the broker told us about the person, from the ID token (and userinfo). */
    @GetMapping("/")
    String home(@AuthenticationPrincipal OidcUser user, Model model) {
        model.addAttribute("name", user.getFullName() != null ? user.getFullName() : user.getSubject());
        model.addAttribute("subject", user.getSubject());
        model.addAttribute("acr", user.getAuthenticationContextClass());
        model.addAttribute("amr", user.getAuthenticationMethods());
        Instant authTime = user.getAuthenticatedAt();
        model.addAttribute("authTime", authTime != null ? authTime.atZone(UK) : null);
        return "sample/home";
    }

    /**
     * Calls the API from the server with the person's access token, as the app would call any council
     * API. Spring Security supplies the token for this person's session (refreshing it if it has expired
     * and there is a refresh token). Tokens are never logged or shown.
     */
    @PostMapping("/call-api")
    String callApi(@RegisteredOAuth2AuthorizedClient("civicid") OAuth2AuthorizedClient broker,
                   RedirectAttributes redirect) {
        // Read on each call: the default address contains this app's port, known only once it is running.
        String apiUrl = environment.getRequiredProperty("sample.api-url");
        try {
            String seen = restClient.get().uri(apiUrl)
                    .headers(headers -> headers.setBearerAuth(broker.getAccessToken().getTokenValue()))
                    .retrieve()
                    .body(String.class);
            redirect.addFlashAttribute("apiResult", seen);
        } catch (RestClientResponseException refused) {
            redirect.addFlashAttribute("apiRefused", String.valueOf(refused.getStatusCode().value()));
        }
        return "redirect:/"; // show the result on the home page; reloading it does not call again
    }

    /** Public: where the broker sends people back after signing out, and where a failed sign-in ends. */
    @GetMapping("/signed-out")
    String signedOut() {
        return "sample/signed-out";
    }
}
