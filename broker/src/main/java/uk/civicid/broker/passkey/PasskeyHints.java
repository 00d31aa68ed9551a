package uk.civicid.broker.passkey;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.signin.SignInRequest;

/**
 * When the app named the person ({@code login_hint}, an email address), the passkey sign-in lists that person's
 * passkeys, so their device can offer the right one (and passkeys that are not discoverable work too). The
 * account signed in is still the one the passkey used belongs to; the hint only narrows the offer.
 */
@Component
public class PasskeyHints {

    private final RequestCache requestCache;
    private final AccountRepository accounts;
    private final AccountPasskeys passkeys;

    public PasskeyHints(RequestCache requestCache, AccountRepository accounts, AccountPasskeys passkeys) {
        this.requestCache = requestCache;
        this.accounts = accounts;
        this.passkeys = passkeys;
    }

    /** The hinted person's passkeys for the current request, or none. */
    public List<PublicKeyCredentialDescriptor> forCurrentRequest() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return List.of();
        }
        HttpServletRequest request = attributes.getRequest();
        String hint = SignInRequest.saved(requestCache, request, attributes.getResponse())
                .map(SignInRequest::loginHint).filter(h -> h != null && h.contains("@")).orElse(null);
        if (hint == null) {
            return List.of();
        }
        return accounts.findByVerifiedEmail(hint).stream()
                .flatMap(account -> passkeys.of(account.id()).stream())
                .map(p -> PublicKeyCredentialDescriptor.builder().id(p.getCredentialId()).transports(p.getTransports()).build())
                .toList();
    }
}
