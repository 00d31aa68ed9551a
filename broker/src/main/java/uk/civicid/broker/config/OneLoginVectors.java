package uk.civicid.broker.config;

import java.util.List;
import java.util.Map;

/**
 * GOV.UK One Login's levels of authentication and of identity confidence as Vectors of Trust (RFC 8485), and what a
 * sign-in at each is worth in the broker's terms. From One Login's technical documentation, "Choose the level of
 * authentication" (https://docs.sign-in.service.gov.uk/before-integrating/choose-the-level-of-authentication/): {@code Cl}
 * is a password (low), {@code Cl.Cm} a password and a second factor, a text message or an authenticator app (medium,
 * One Login's default); and "Choose the level of identity confidence"
 * (https://docs.sign-in.service.gov.uk/before-integrating/choose-the-level-of-identity-confidence/): {@code P1} low and
 * {@code P2} medium confidence (GPG 45), each asked with {@code Cl.Cm}, as {@code P2.Cl.Cm}. The ID token's {@code vot}
 * then says the level of authentication met, and the core identity JWT's {@code vot} the level of confidence.
 */
public final class OneLoginVectors {

    private static final Map<String, VectorWorth> TABLE = Map.of(
            "Cl", new VectorWorth("http://eidas.europa.eu/LoA/low", List.of("fed", "pwd")),
            "Cl.Cm", new VectorWorth("http://eidas.europa.eu/LoA/substantial", List.of("fed", "pwd", "mfa")));

    public static final List<String> NAMES = List.of("Cl", "Cl.Cm");

    /** The UK digital identity and attributes trust framework, which One Login's identities are proved under. */
    public static final String TRUST_FRAMEWORK = "uk_tfida";

    /** Identity vectors, and the OpenID Connect for Identity Assurance {@code assurance_level} each level of confidence is. */
    private static final Map<String, String> CONFIDENCE = Map.of("P1", "low", "P2", "medium");

    public static final List<String> IDENTITY_NAMES = List.of("P1.Cl.Cm", "P2.Cl.Cm");

    /** The identity claims One Login gives at userinfo, each https://vocab.account.gov.uk/v1/{name}. */
    public static final List<String> IDENTITY_CLAIMS = List.of("coreIdentityJWT", "address", "passport", "drivingPermit", "returnCode");

    public static final String VOCABULARY = "https://vocab.account.gov.uk/v1/";

    private OneLoginVectors() {}

    public static boolean known(String vector) {
        return TABLE.containsKey(vector);
    }

    public static boolean provesIdentity(String vector) {
        return IDENTITY_NAMES.contains(vector);
    }

    /** The level of authentication of a vector: itself, or the part after an identity vector's level of confidence. */
    public static String authentication(String vector) {
        return provesIdentity(vector) ? vector.substring(vector.indexOf('.') + 1) : vector;
    }

    /** The level of confidence of an identity vector ({@code P2} of {@code P2.Cl.Cm}). */
    public static String confidence(String vector) {
        if (!provesIdentity(vector)) {
            throw new IllegalArgumentException("not a GOV.UK One Login identity vector: " + vector);
        }
        return vector.substring(0, vector.indexOf('.'));
    }

    /** The {@code assurance_level} a level of confidence is, in the UK trust framework's terms (GPG 45). */
    public static String assuranceLevel(String confidence) {
        String level = CONFIDENCE.get(confidence);
        if (level == null) {
            throw new IllegalArgumentException("not a GOV.UK One Login level of confidence: " + confidence);
        }
        return level;
    }

    /** @throws IllegalArgumentException for a vector not in the table */
    public static VectorWorth worth(String vector) {
        VectorWorth worth = TABLE.get(vector);
        if (worth == null) {
            throw new IllegalArgumentException("not a GOV.UK One Login level of authentication: " + vector);
        }
        return worth;
    }
}
