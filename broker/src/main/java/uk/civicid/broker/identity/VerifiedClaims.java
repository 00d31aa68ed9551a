package uk.civicid.broker.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verified identity as apps receive it: OpenID Connect for Identity Assurance 1.0's {@code verified_claims} (§5),
 * given only to apps granted the {@link #SCOPE} scope, in their ID token and at userinfo.
 */
public final class VerifiedClaims {

    /** The scope an app asks for a verified identity with. Only configured apps may have it: registration refuses it. */
    public static final String SCOPE = "identity";

    public static final String CLAIM = "verified_claims";

    /** The levels of assurance of a verified identity, lowest first: One Login's P1 is low, P2 medium; NHS login's P9 high. */
    public static final List<String> LEVELS = List.of("low", "medium", "high");

    /** Whether an identity verified at this level serves an app that needs the other. */
    public static boolean meets(String level, String needed) {
        return LEVELS.indexOf(level) >= LEVELS.indexOf(needed) && LEVELS.contains(level);
    }

    private VerifiedClaims() {}

    /** The {@code verified_claims} object: {@code verification} (trust framework, level) and the {@code claims} verified. */
    public static Map<String, Object> of(VerifiedIdentity identity) {
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("trust_framework", identity.trustFramework());
        verification.put("assurance_level", identity.assuranceLevel());
        Map<String, Object> claims = new LinkedHashMap<>();
        put(claims, "given_name", identity.givenName());
        put(claims, "family_name", identity.familyName());
        put(claims, "birthdate", identity.birthdate());
        VerifiedIdentity.PostalAddress address = identity.address();
        if (address != null) {
            Map<String, Object> parts = new LinkedHashMap<>();
            put(parts, "street_address", address.streetAddress());
            put(parts, "locality", address.locality());
            put(parts, "postal_code", address.postalCode());
            put(parts, "country", address.country());
            claims.put("address", parts);
        }
        Map<String, Object> verified = new LinkedHashMap<>(); // mutable maps: what the token store's JSON allow-list takes
        verified.put("verification", verification);
        verified.put("claims", claims);
        return verified;
    }

    private static void put(Map<String, Object> map, String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
    }
}
