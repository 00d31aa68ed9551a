package uk.civicid.broker.signin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import uk.civicid.broker.session.BrokerPrincipal;

/** What a passkey adds to a sign-in: the assurance vocabulary the checks and the passkey sign-in share. */
public final class Assurance {

    /** RFC 8176: proof of a hardware-bound key, and user verification (PIN or biometric) by the authenticator. */
    public static final List<String> PASSKEY_AMR = List.of("hwk", "user");

    private Assurance() {}

    public static boolean usedPasskey(BrokerPrincipal principal) {
        return principal != null && principal.amr().containsAll(PASSKEY_AMR);
    }

    /** A step-up keeps what the session already proved: the methods used so far, plus the passkey's. */
    public static List<String> afterPasskey(List<String> before) {
        Set<String> amr = new LinkedHashSet<>(before);
        amr.addAll(PASSKEY_AMR);
        return List.copyOf(amr);
    }
}
