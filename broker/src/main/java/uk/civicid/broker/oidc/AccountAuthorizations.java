package uk.civicid.broker.oidc;

import java.util.List;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The authorizations (codes, access, refresh and ID tokens) a person holds at every app: what an administrator revokes.
 * The stores keep an index by account, expiring with the authorizations; an app's own grants (client_credentials) are
 * not a person's and are not in it.
 */
public interface AccountAuthorizations {

    List<OAuth2Authorization> findByAccount(String accountId);
}
