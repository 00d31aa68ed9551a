package uk.civicid.broker.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization endpoint's answers to the app, each naming the broker in {@code iss} (RFC 9207) so an app
 * that talks to several providers can tell which one answered (the mix-up attack, RFC 9700 §4.4). The
 * redirect URI was validated by the framework before any of these run; without a valid one the answer is a
 * 400 page and nothing is sent anywhere.
 */
public final class AuthorizationResponses implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final String issuer;

    public AuthorizationResponses(String issuer) {
        this.issuer = issuer;
    }

    /** A code. */
    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthorizationCodeRequestAuthenticationToken granted = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
        redirect(response, granted.getRedirectUri(), "code", granted.getAuthorizationCode().getTokenValue(), granted.getState());
    }

    /** An OAuth error, at the app when its redirect URI is known to be valid. */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        OAuth2Error error = ((OAuth2AuthorizationCodeRequestAuthenticationException) exception).getError();
        OAuth2AuthorizationCodeRequestAuthenticationToken refused =
                ((OAuth2AuthorizationCodeRequestAuthenticationException) exception).getAuthorizationCodeRequestAuthentication();
        if (refused == null || refused.getRedirectUri() == null || refused.getRedirectUri().isBlank()) {
            response.sendError(HttpStatus.BAD_REQUEST.value(), error.getErrorCode());
            return;
        }
        redirect(response, refused.getRedirectUri(), "error", error.getErrorCode(), refused.getState());
    }

    /**
     * An OIDC error the broker decides itself, at a redirect URI the framework has validated: {@code login_required}
     * to {@code prompt=none}, {@code unmet_authentication_requirements} when a required passkey does not exist
     * (OIDC Core §3.1.2.6; OpenID Connect Core errata 2).
     */
    public void error(HttpServletResponse response, String redirectUri, String errorCode, String state) throws IOException {
        redirect(response, redirectUri, "error", errorCode, state);
    }

    /** As {@link #error(HttpServletResponse, String, String, String)}, with an {@code error_description} for the app's team. */
    public void error(HttpServletResponse response, String redirectUri, String errorCode, String description, String state)
            throws IOException {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(redirectUri).queryParam("error", encode(errorCode))
                .queryParam("error_description", encode(description));
        send(response, uri, state);
    }

    private void redirect(HttpServletResponse response, String redirectUri, String name, String value, String state) throws IOException {
        send(response, UriComponentsBuilder.fromUriString(redirectUri).queryParam(name, encode(value)), state);
    }

    private void send(HttpServletResponse response, UriComponentsBuilder uri, String state) throws IOException {
        if (state != null && !state.isEmpty()) {
            uri.queryParam("state", encode(state));
        }
        uri.queryParam("iss", encode(issuer));
        response.sendRedirect(uri.build(true).toUriString());
    }

    private static String encode(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
