package uk.civicid.broker.config;

import java.util.List;
import java.util.Map;

/**
 * GOV.UK One Login's levels of authentication as Vectors of Trust (RFC 8485), and what a sign-in at each is worth in
 * the broker's terms. From One Login's technical documentation, "Choose the level of authentication"
 * (https://docs.sign-in.service.gov.uk/before-integrating/choose-the-level-of-authentication/): {@code Cl} is a
 * password (low), {@code Cl.Cm} a password and a second factor, a text message or an authenticator app (medium,
 * One Login's default).
 */
public final class OneLoginVectors {

    /** A vector's worth: an eIDAS level of assurance and RFC 8176 methods. */
    public record Worth(String acr, List<String> amr) {}

    private static final Map<String, Worth> TABLE = Map.of(
            "Cl", new Worth("http://eidas.europa.eu/LoA/low", List.of("fed", "pwd")),
            "Cl.Cm", new Worth("http://eidas.europa.eu/LoA/substantial", List.of("fed", "pwd", "mfa")));

    public static final List<String> NAMES = List.of("Cl", "Cl.Cm");

    private OneLoginVectors() {}

    public static boolean known(String vector) {
        return TABLE.containsKey(vector);
    }

    /** @throws IllegalArgumentException for a vector not in the table */
    public static Worth worth(String vector) {
        Worth worth = TABLE.get(vector);
        if (worth == null) {
            throw new IllegalArgumentException("not a GOV.UK One Login level of authentication: " + vector);
        }
        return worth;
    }
}
