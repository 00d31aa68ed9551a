package uk.civicid.broker.identity;

import java.io.Serializable;
import java.util.List;

/**
 * The answer to asking an upstream to prove a person's identity: who they were proved to be, or, when it could not be
 * proved, the upstream's return codes (GOV.UK One Login's {@code returnCode}), which the app may act on.
 *
 * @param verified    null when not proved
 * @param returnCodes empty when proved
 */
public record IdentityCheck(String upstreamId, VerifiedIdentity verified, List<String> returnCodes) implements Serializable {

    public IdentityCheck {
        returnCodes = returnCodes == null ? List.of() : List.copyOf(returnCodes);
        if ((verified == null) == returnCodes.isEmpty()) {
            throw new IllegalArgumentException("an identity check is proved, or not proved with return codes");
        }
    }

    public static IdentityCheck proved(String upstreamId, VerifiedIdentity identity) {
        return new IdentityCheck(upstreamId, identity, List.of());
    }

    public static IdentityCheck notProved(String upstreamId, List<String> returnCodes) {
        return new IdentityCheck(upstreamId, null, returnCodes);
    }

    public boolean proved() {
        return verified != null;
    }
}
