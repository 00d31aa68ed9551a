package uk.civicid.broker.passkey;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.config.CivicIdProperties;

/** The WebAuthn relying party: who we are to authenticators, and what we ask of them. */
@Configuration(proxyBeanMethods = false)
public class PasskeyConfiguration {

    /** The store's credentials behind our rules; the framework's filters are given this one. */
    @Bean
    @Primary
    PasskeyCredentials passkeyCredentials(@Qualifier("storedPasskeys") UserCredentialRepository storedPasskeys, CivicIdProperties properties, Audit audit) {
        return new PasskeyCredentials(storedPasskeys, properties.passkeys().allowedAaguids(), audit);
    }

    @Bean
    UserDetailsService passkeyAccounts(AccountRepository accounts) {
        return new PasskeyAccounts(accounts);
    }

    @Bean
    WebAuthnRelyingPartyOperations relyingParty(PublicKeyCredentialUserEntityRepository passkeyUsers, PasskeyCredentials credentials,
                                                CivicIdProperties properties, @Lazy PasskeyHints hints) {
        CivicIdProperties.Passkeys config = properties.passkeys();
        Webauthn4JRelyingPartyOperations relyingParty = new Webauthn4JRelyingPartyOperations(passkeyUsers, credentials,
                PublicKeyCredentialRpEntity.builder().id(rpId(properties)).name(config.rpName()).build(), allowedOrigins(properties));
        // User verification (PIN or biometric) is required, at registration and at every sign-in: that is what
        // makes amr "user" true. Discoverable credentials, so no user name needs to be typed.
        relyingParty.setCustomizeCreationOptions(options -> options
                .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                        .userVerification(UserVerificationRequirement.REQUIRED)
                        .residentKey(ResidentKeyRequirement.REQUIRED).build())
                .attestation(AttestationConveyancePreference.valueOf(config.attestation().name().toLowerCase())));
        relyingParty.setCustomizeRequestOptions(options -> {
            options.userVerification(UserVerificationRequirement.REQUIRED);
            List<PublicKeyCredentialDescriptor> hinted = hints.forCurrentRequest();
            if (!hinted.isEmpty()) {
                options.allowCredentials(hinted);
            }
        });
        return relyingParty;
    }

    public static String rpId(CivicIdProperties properties) {
        String configured = properties.passkeys().rpId();
        return configured != null && !configured.isBlank() ? configured : properties.issuer().getHost();
    }

    public static Set<String> allowedOrigins(CivicIdProperties properties) {
        Set<String> origins = new LinkedHashSet<>();
        properties.passkeys().allowedOrigins().forEach(o -> origins.add(o.toString().replaceAll("/$", "")));
        if (origins.isEmpty()) {
            URI issuer = properties.issuer();
            origins.add(issuer.getScheme() + "://" + issuer.getAuthority());
        }
        return origins;
    }
}
