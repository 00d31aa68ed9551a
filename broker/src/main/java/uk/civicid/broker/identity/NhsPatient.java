package uk.civicid.broker.identity;

import java.io.Serializable;

/**
 * What NHS login traced of a person on the NHS's Personal Demographics Service, at P5 and P9 ("Scopes and claims",
 * https://nhsconnect.github.io/nhslogin/scopes-and-claims/): their NHS number ({@link NhsNumber}) and the ODS code of the
 * GP practice they are registered with. Kept with the sign-in only, never with the account; each is given only to apps
 * granted its scope, which only configured apps may have.
 *
 * @param nhsNumber the NHS number, or null when NHS login gave none
 * @param gpOdsCode the GP practice's ODS code, or null when NHS login gave none
 */
public record NhsPatient(String nhsNumber, String gpOdsCode) implements Serializable {

    /** NHS login's scope and claim for the GP practice, whose claim holds {@link #GP_ODS_CODE}; the broker gives it the same shape. */
    public static final String GP_SCOPE = "gp_registration_details";
    public static final String GP_CLAIM = "gp_registration_details";
    public static final String GP_ODS_CODE = "gp_ods_code";

    /** Whether the text is shaped as an ODS code is (NHS Data Dictionary, "Organisation Data Service code"): letters and digits. */
    public static boolean validOdsCode(String text) {
        return text != null && text.matches("[A-Z0-9]{3,10}");
    }

    @Override
    public String toString() {
        return "NhsPatient[details hidden]"; // never in a log
    }
}
