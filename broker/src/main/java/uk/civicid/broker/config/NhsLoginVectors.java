package uk.civicid.broker.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * NHS login's Vectors of Trust (RFC 8485): a level of identity proofing ({@code P0} none, {@code P5} medium,
 * {@code P9} high) with the credentials used ({@code Cp} a password, {@code Cd} a registered device, {@code Ck} a shared
 * key in a registered device, {@code Cm} an asymmetric key in one, such as FIDO). From NHS login's interface
 * specification, "Federation" §3.4.1 and §5.1 (https://github.com/nhsconnect/nhslogin, "NHS login - Interface
 * Specification - Federation"): {@code vtr} is a JSON array of vectors, any
 * one of which will do; without one NHS login assumes {@code ["P9.Cp.Cd","P9.Cp.Ck","P9.Cm"]}; the ID token's
 * {@code vot} says the vector met and its {@code identity_proofing_level} the level of proofing.
 *
 * <p>What a sign-in is worth here is its authentication, as for GOV.UK One Login: a password alone is low, a password
 * with a registered device or key, or a FIDO key, substantial. The level of proofing is not an authentication level: it
 * reaches apps as a verified identity (P9) or the NHS number (P5, P9), never as {@code acr}.
 */
public final class NhsLoginVectors {

    /** The levels of identity proofing, lowest first. */
    public static final List<String> LEVELS = List.of("P0", "P5", "P9");

    /** The credential combinations NHS login documents. */
    private static final Map<String, VectorWorth> CREDENTIALS = Map.of(
            "Cp", new VectorWorth("http://eidas.europa.eu/LoA/low", List.of("fed", "pwd")),
            "Cp.Cd", new VectorWorth("http://eidas.europa.eu/LoA/substantial", List.of("fed", "pwd", "mfa")),
            "Cp.Ck", new VectorWorth("http://eidas.europa.eu/LoA/substantial", List.of("fed", "pwd", "swk", "mfa")),
            "Cm", new VectorWorth("http://eidas.europa.eu/LoA/substantial", List.of("fed", "hwk", "mfa")));

    /** Every vector NHS login documents, each a level of proofing with a credential combination. */
    public static final List<String> NAMES = names();

    /** What NHS login assumes when a request has no vtr: high proofing, two factors. */
    public static final List<String> DEFAULT = List.of("P9.Cp.Cd", "P9.Cp.Ck", "P9.Cm");

    /** The level a verified identity needs: P9, proofing by physical comparison with photo ID. */
    public static final String IDENTITY_LEVEL = "P9";

    /** The level of assurance of a P9 identity: DCB3051's "Verification – High". */
    public static final String IDENTITY_ASSURANCE = "high";

    /** The NHS's standard for identity verification of health and care services (DCB3051), which P9 is the high level of. */
    public static final String TRUST_FRAMEWORK = "uk_dcb3051";

    private NhsLoginVectors() {}

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String level : LEVELS) {
            for (String credentials : List.of("Cp", "Cp.Cd", "Cp.Ck", "Cm")) {
                names.add(level + "." + credentials);
            }
        }
        return List.copyOf(names);
    }

    public static boolean known(String vector) {
        return NAMES.contains(vector);
    }

    /** The level of proofing of a known vector ({@code P9} of {@code P9.Cp.Cd}). */
    public static String proofingLevel(String vector) {
        if (!known(vector)) {
            throw new IllegalArgumentException("not an NHS login vector: " + vector);
        }
        return vector.substring(0, vector.indexOf('.'));
    }

    /**
     * Whether the vector answered meets one of those asked for: at least its level of proofing, and every credential it
     * names (RFC 8485 §3: the components of one vector are all required; the vectors of a request are alternatives).
     */
    public static boolean meets(String answered, List<String> asked) {
        if (!known(answered)) {
            return false;
        }
        List<String> has = credentials(answered);
        return asked.stream().filter(NhsLoginVectors::known).anyMatch(vector ->
                LEVELS.indexOf(proofingLevel(answered)) >= LEVELS.indexOf(proofingLevel(vector)) && has.containsAll(credentials(vector)));
    }

    /** What a sign-in at a known vector is worth: its credentials' level of authentication. */
    public static VectorWorth worth(String vector) {
        return CREDENTIALS.get(String.join(".", credentials(vector)));
    }

    private static List<String> credentials(String vector) {
        proofingLevel(vector); // known, or refused
        List<String> parts = Arrays.asList(vector.split("\\."));
        return parts.subList(1, parts.size());
    }
}
