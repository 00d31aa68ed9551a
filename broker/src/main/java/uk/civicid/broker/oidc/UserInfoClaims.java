package uk.civicid.broker.oidc;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.session.BrokerAuthentication;

/** The userinfo response (OIDC Core §5.3): the app's {@code sub}, and profile claims as its scopes allow. */
public class UserInfoClaims implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

    private final AccountRepository accounts;
    private final RegisteredClientRepository clients;
    private final PairwiseSubjects subjects;
    private final IdentityRelease identities;

    public UserInfoClaims(AccountRepository accounts, RegisteredClientRepository clients, PairwiseSubjects subjects,
                          IdentityRelease identities) {
        this.accounts = accounts;
        this.clients = clients;
        this.subjects = subjects;
        this.identities = identities;
    }

    @Override
    public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
        OAuth2Authorization authorization = context.getAuthorization();
        if (!(authorization.getAttribute(Principal.class.getName()) instanceof BrokerAuthentication person)) {
            throw new IllegalArgumentException("userinfo needs a person's token");
        }
        String accountId = person.getPrincipal().accountId();
        Map<String, Object> claims = new LinkedHashMap<>();
        RegisteredClient client = clients.findById(authorization.getRegisteredClientId());
        if (client == null) {
            // The app was disabled or removed since: its tokens no longer answer for anyone.
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN);
        }
        claims.put("sub", subjects.subjectFor(client, accountId));
        Set<String> scopes = context.getAccessToken().getScopes();
        accounts.findById(accountId).ifPresent(account -> addProfile(claims, account, scopes));
        claims.putAll(identities.release(person.getPrincipal(), scopes, client.getClientId(), "userinfo"));
        return new OidcUserInfo(claims);
    }

    private static void addProfile(Map<String, Object> claims, Account account, Set<String> scopes) {
        if (scopes.contains(OidcScopes.PROFILE) && account.name() != null) {
            claims.put("name", account.name());
        }
        if (scopes.contains(OidcScopes.EMAIL) && account.email() != null) {
            claims.put("email", account.email());
            claims.put("email_verified", account.emailVerified());
        }
        if (scopes.contains(OidcScopes.PHONE) && account.phoneNumber() != null) { // OIDC Core §5.4
            claims.put("phone_number", account.phoneNumber());
            claims.put("phone_number_verified", account.phoneNumberVerified());
        }
    }
}
