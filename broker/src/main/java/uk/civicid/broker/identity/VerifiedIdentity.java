package uk.civicid.broker.identity;

import java.io.Serializable;

/**
 * Who a person was proved to be, by an upstream's identity check: the same shape whatever the upstream, so an app
 * integrates once. Each part but the names and birthdate may be null.
 *
 * @param trustFramework the framework the check was made under (OpenID Connect for Identity Assurance 1.0 §5.1.1),
 *                       {@code uk_tfida} for the UK digital identity and attributes trust framework
 * @param assuranceLevel the level of confidence reached, in that framework's terms ({@code low}, {@code medium}, {@code high})
 * @param birthdate      ISO 8601 date, {@code YYYY-MM-DD}
 */
public record VerifiedIdentity(String trustFramework, String assuranceLevel, String givenName, String familyName,
                               String birthdate, PostalAddress address) implements Serializable {

    /** A current postal address, as OIDC Core §5.1.1's {@code address} claim. */
    public record PostalAddress(String streetAddress, String locality, String postalCode, String country) implements Serializable {}

    @Override
    public String toString() {
        return "VerifiedIdentity[" + trustFramework + ", " + assuranceLevel + "]"; // never the person's details
    }
}
