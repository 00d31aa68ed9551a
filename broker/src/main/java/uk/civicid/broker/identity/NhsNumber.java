package uk.civicid.broker.identity;

/**
 * A person's NHS number as NHS login traced it (its {@code nhs_number} claim, at P5 and P9): ten digits, the last a
 * modulus 11 check digit (NHS Data Dictionary, "NHS Number"). Given only to apps granted the {@link #SCOPE} scope, which
 * only configured apps may have: registration refuses it.
 */
public final class NhsNumber {

    public static final String SCOPE = "nhs_number";

    public static final String CLAIM = "nhs_number";

    private NhsNumber() {}

    /** Whether the text is a well-formed NHS number: ten digits whose check digit is right. */
    public static boolean valid(String text) {
        if (text == null || !text.matches("[0-9]{10}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (text.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        // 11 means 0; 10 is never issued.
        return check != 10 && (check == 11 ? 0 : check) == text.charAt(9) - '0';
    }
}
