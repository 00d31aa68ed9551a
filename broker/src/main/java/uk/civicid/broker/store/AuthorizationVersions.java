package uk.civicid.broker.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Optimistic concurrency for authorizations, per request: what version of an authorization a request read, so
 * that its save fails if another request saved it in between. Without it, two token requests racing with one
 * authorization code or one refresh token (on one node or two) would both be answered with tokens, defeating
 * one-time codes (RFC 6749 §4.1.2) and refresh token rotation (RFC 9700 §4.14.2).
 */
public final class AuthorizationVersions {

    private static final String ATTRIBUTE = AuthorizationVersions.class.getName();

    private AuthorizationVersions() {
    }

    /** Remembers, for this request, the version of an authorization just read. */
    public static void read(String authorizationId, Object version) {
        Map<String, Object> versions = versions();
        if (versions != null) {
            versions.put(authorizationId, version);
        }
    }

    /** The version this request read, or null when it read none (a new authorization, or no request). */
    public static Object readVersion(String authorizationId) {
        Map<String, Object> versions = versions();
        return versions == null ? null : versions.get(authorizationId);
    }

    /** Whether the stored version is no longer the one this request read. */
    public static boolean changedSinceRead(String authorizationId, Object stored) {
        Object read = readVersion(authorizationId);
        return read != null && !Objects.equals(read, stored);
    }

    /** The answer to the request that lost the race: as for a used code or refresh token. */
    public static OAuth2AuthenticationException lostRace() {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                "the grant was used by another request at the same time", null));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> versions() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return null;
        }
        Object versions = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (versions == null) {
            versions = new HashMap<String, Object>();
            request.setAttribute(ATTRIBUTE, versions, RequestAttributes.SCOPE_REQUEST);
        }
        return (Map<String, Object>) versions;
    }
}
