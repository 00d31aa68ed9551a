package uk.civicid.broker.passkey;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import uk.civicid.broker.client.ClientPolicy;
import uk.civicid.broker.session.BrokerPrincipal;

/** What a passkey sign-in is worth, and when an app needs one: the assurance rules in one place. */
public final class Passkeys {

    /** RFC 8176: proof of a hardware-bound key, and user verification (PIN or biometric) by the authenticator. */
    public static final List<String> AMR = List.of("hwk", "user");

    private Passkeys() {
    }

    /** The app requires it by configuration, or asks for the passkey's acr with {@code acr_values} (OIDC Core §3.1.2.1). */
    public static boolean required(ClientPolicy policy, String acrValues, String passkeyAcr) {
        return policy.requirePasskey() || (acrValues != null && Arrays.asList(acrValues.split(" ")).contains(passkeyAcr));
    }

    public static boolean used(BrokerPrincipal principal) {
        return principal.amr().containsAll(AMR);
    }

    /** A step-up keeps what the session already proved: the methods used so far, plus the passkey's. */
    public static List<String> amrAfterPasskey(List<String> before) {
        Set<String> amr = new LinkedHashSet<>(before);
        amr.addAll(AMR);
        return List.copyOf(amr);
    }
}
