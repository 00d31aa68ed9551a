package uk.civicid.broker.oidc;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Introspection (RFC 7662) describes a token only to the app it was issued to, or an app in its audience; to any other
 * app a live token is inactive, exactly as an unknown one, so no app learns another app's users from its tokens (their
 * subject, which for a pairwise app is that app's alone, scopes or acr). RFC 7662 §4 leaves who may introspect what to
 * the server; the framework's own check is only that the caller is an authenticated client.
 */
public final class OwnTokensOnly implements AuthenticationProvider {

    private final AuthenticationProvider framework;

    public OwnTokensOnly(AuthenticationProvider framework) {
        this.framework = framework;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Authentication answered = framework.authenticate(authentication);
        if (!(answered instanceof OAuth2TokenIntrospectionAuthenticationToken introspection) || !introspection.getTokenClaims().isActive()
                || !(introspection.getPrincipal() instanceof OAuth2ClientAuthenticationToken caller) || caller.getRegisteredClient() == null) {
            return answered;
        }
        String callerId = caller.getRegisteredClient().getClientId();
        OAuth2TokenIntrospection claims = introspection.getTokenClaims();
        List<String> audience = claims.getAudience();
        if (callerId.equals(claims.getClientId()) || audience != null && audience.contains(callerId)) {
            return answered;
        }
        return new OAuth2TokenIntrospectionAuthenticationToken(introspection.getToken(), caller, OAuth2TokenIntrospection.builder().build());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return framework.supports(authentication);
    }
}
