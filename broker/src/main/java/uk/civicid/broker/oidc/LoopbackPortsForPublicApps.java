package uk.civicid.broker.oidc;

import java.util.Set;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The framework's checks of an authorization request, with its redirect URI rule narrowed. A loopback redirect URI with
 * any port is for native apps (RFC 8252 §7.3: the port is picked when the app runs), which are public clients (§8.4).
 * An app with a secret or keys runs on a server with a fixed address, so its redirect URI must be one it registered,
 * exactly. Otherwise the request is refused as {@code invalid_request}, without a redirect.
 */
public final class LoopbackPortsForPublicApps implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> framework = new OAuth2AuthorizationCodeRequestAuthenticationValidator();

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        framework.accept(context);
        RegisteredClient app = context.getRegisteredClient();
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        String requested = request.getRedirectUri();
        boolean publicApp = app.getClientAuthenticationMethods().equals(Set.of(ClientAuthenticationMethod.NONE));
        if (requested != null && !publicApp && !app.getRedirectUris().contains(requested)) {
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                    "OAuth 2.0 Parameter: redirect_uri (an app with credentials must use a redirect URI it registered, exactly)", null), null);
        }
    }
}
