package uk.civicid.broker.oidc;

import java.util.Map;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;
import uk.civicid.broker.oidc.AuthorizationTokens;

/**
 * Refresh token reuse detection (RFC 9700 §4.14.2): a refresh token that was already rotated away can only be
 * presented by someone who copied it, or by the app after the thief used it first. Either way the grant is
 * compromised, so the whole authorization is revoked (every token it holds) and the event audited.
 */
public final class RefreshTokenReuse extends AuthorizationLookupRule {

    private static final OAuth2TokenType RETIRED = new OAuth2TokenType(AuthorizationTokens.RETIRED_REFRESH_TOKEN);

    private final Audit audit;

    public RefreshTokenReuse(OAuth2AuthorizationService store, Audit audit) {
        super(store);
        this.audit = audit;
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        OAuth2Authorization found = store.findByToken(token, tokenType);
        if (found == null && OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
            OAuth2Authorization compromised = store.findByToken(token, RETIRED);
            if (compromised != null) {
                store.remove(compromised);
                audit.record(AuditEventType.REFRESH_TOKEN_REUSED, compromised.getPrincipalName(), compromised.getRegisteredClientId(),
                        null, Map.of());
            }
        }
        return found;
    }
}
