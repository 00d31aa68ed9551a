package uk.civicid.broker.session;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * The security context's authentication for a person signed in through the broker. Its name is the
 * account id (the authorization server records authorizations under it). The factor authority carries
 * the authentication time, which the authorization server reads for {@code auth_time}.
 */
public final class BrokerAuthentication extends AbstractAuthenticationToken {

    private final BrokerPrincipal principal;

    public BrokerAuthentication(BrokerPrincipal principal) {
        super(List.of(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY)
                .issuedAt(principal.authTime()).build()));
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public BrokerPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public String getName() {
        return principal.accountId();
    }
}
