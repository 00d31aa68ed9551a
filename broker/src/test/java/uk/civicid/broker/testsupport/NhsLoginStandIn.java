package uk.civicid.broker.testsupport;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NHS login as its interface specification ("NHS login - Interface Specification - Federation",
 * https://github.com/nhsconnect/nhslogin) and "Scopes and claims" (https://nhsconnect.github.io/nhslogin/scopes-and-claims/)
 * say it behaves, on a {@link FakeUpstream} signing RS512: {@code openid} scope, {@code state} and {@code nonce} required;
 * {@code vtr} a JSON array of its vectors (without one, {@code ["P9.Cp.Cd","P9.Cp.Ck","P9.Cm"]}); client authentication by
 * {@code private_key_jwt} signed RS512 only, never a client secret; the ID token's {@code vot} is the vector met with its
 * {@code vtm}, and {@code identity_proofing_level} the account's level; the NHS number, family name and date of birth
 * ({@code profile}) and given name ({@code profile_extended}) at userinfo, for P5 and P9 accounts only.
 * Each {@link Misbehaviour} gets one thing wrong.
 */
public final class NhsLoginStandIn implements FakeUpstream.Extension {

    /** A well-formed NHS number (its check digit is right) for the stand-in's people. */
    public static final String NHS_NUMBER = "9434765919";

    private static final List<String> LEVELS = List.of("P0", "P5", "P9");
    private static final Set<String> CREDENTIALS = Set.of("Cp", "Cp.Cd", "Cp.Ck", "Cm");

    public enum Misbehaviour {
        /** The ID token's identity_proofing_level is not the level of its vot. */
        PROOFING_LEVEL_MISMATCH,
        /** An NHS number whose check digit is wrong. */
        INVALID_NHS_NUMBER,
        /** A P9 account's userinfo without its date of birth. */
        NO_BIRTHDATE,
        /** An NHS number for a P0 account, which NHS login has not traced one for. */
        NHS_NUMBER_AT_P0,
        /** GP registration details whose ODS code is not one. */
        INVALID_ODS_CODE
    }

    /** The ODS code of the stand-in's people's GP practice. */
    public static final String GP_ODS_CODE = "A81001";

    private volatile String accountLevel = "P9";
    private volatile String votAnswered; // null: the first vector asked that the account meets
    private volatile Misbehaviour misbehaviour;
    private volatile List<String> scopesAsked = List.of();

    private NhsLoginStandIn() {}

    /** Makes this upstream NHS login: claims at userinfo only, and NHS login's own rules. */
    public static NhsLoginStandIn on(FakeUpstream upstream) {
        NhsLoginStandIn nhs = new NhsLoginStandIn();
        upstream.claimsOnlyAtUserInfo(true);
        upstream.extend(nhs);
        return nhs;
    }

    /** The level of identity proofing the next person's account has (P0, P5 or P9; P9 by default). */
    public void accountAt(String level) { this.accountLevel = level; }
    /** A vot to answer whatever was asked (a lower one than asked, for the refusal tests). */
    public void answerVot(String vot) { this.votAnswered = vot; }
    public void misbehave(Misbehaviour m) { this.misbehaviour = m; }
    public void behave() {
        accountLevel = "P9";
        votAnswered = null;
        misbehaviour = null;
    }

    @Override
    public String refuseAuthorization(Map<String, String> query) {
        scopesAsked = List.of(query.getOrDefault("scope", "").split(" "));
        if (!scopesAsked.contains("openid")) {
            return "invalid_scope: openid is required";
        }
        if (query.get("vtr") != null && vectors(query.get("vtr")) == null) {
            return "invalid_request: vtr must be a JSON array of NHS login vectors";
        }
        return null;
    }

    @Override
    public String refuseTokenRequest(String authorization, Map<String, String> form) {
        if (authorization != null || !form.containsKey("client_assertion")) {
            return "NHS login takes private_key_jwt only";
        }
        try {
            JWSAlgorithm alg = SignedJWT.parse(form.get("client_assertion")).getHeader().getAlgorithm();
            return JWSAlgorithm.RS512.equals(alg) ? null : "client_assertion must be signed RS512, not " + alg;
        } catch (ParseException e) {
            return "client_assertion is not a JWT";
        }
    }

    @Override
    public Map<String, Object> idTokenClaims(FakeUpstream.Persona person, String vtr) {
        String vot = votAnswered != null ? votAnswered : met(vtr == null ? List.of("P9.Cp.Cd", "P9.Cp.Ck", "P9.Cm") : vectors(vtr));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("vot", vot);
        claims.put("vtm", "https://auth.login.nhs.uk/trustmark/login.nhs.uk");
        String level = vot.substring(0, 2);
        claims.put("identity_proofing_level", misbehaviour == Misbehaviour.PROOFING_LEVEL_MISMATCH ? (level.equals("P9") ? "P5" : "P9") : level);
        return claims;
    }

    @Override
    public Map<String, Object> userInfoClaims(FakeUpstream.Persona person, String claimsRequested) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("identity_proofing_level", accountLevel);
        if (!accountLevel.equals("P0") || misbehaviour == Misbehaviour.NHS_NUMBER_AT_P0) {
            claims.put("nhs_number", misbehaviour == Misbehaviour.INVALID_NHS_NUMBER ? "9434765918" : NHS_NUMBER);
        }
        if (!accountLevel.equals("P0") && scopesAsked.contains("gp_registration_details")) {
            claims.put("gp_registration_details", Map.of("gp_ods_code", misbehaviour == Misbehaviour.INVALID_ODS_CODE ? "a81 001" : GP_ODS_CODE));
        }
        if (!accountLevel.equals("P0")) {
            int space = person.name().indexOf(' ');
            claims.put("given_name", person.name().substring(0, space));
            claims.put("family_name", person.name().substring(space + 1));
            if (misbehaviour != Misbehaviour.NO_BIRTHDATE) {
                claims.put("birthdate", "1968-02-12");
            }
        }
        return claims;
    }

    /**
     * The vector met: the account's level with the credentials of the first vector asked that the level meets. When none
     * is, NHS login has the person prove their identity to the level asked first (an uplift), and their account is then at it.
     */
    private String met(List<String> asked) {
        return asked.stream().filter(v -> LEVELS.indexOf(v.substring(0, 2)) <= LEVELS.indexOf(accountLevel)).findFirst()
                .map(v -> accountLevel + v.substring(2))
                .orElseGet(() -> {
                    accountLevel = asked.get(0).substring(0, 2);
                    return asked.get(0);
                });
    }

    /** The vectors of a vtr, or null when it is not a JSON array of NHS login vectors. */
    private static List<String> vectors(String vtr) {
        try {
            List<String> vectors = JSONArrayUtils.parse(vtr).stream().map(v -> v instanceof String s ? s : "").toList();
            boolean known = !vectors.isEmpty() && vectors.stream().allMatch(v -> v.length() > 3
                    && LEVELS.contains(v.substring(0, 2)) && v.charAt(2) == '.' && CREDENTIALS.contains(v.substring(3)));
            return known ? vectors : null;
        } catch (ParseException e) {
            return null;
        }
    }
}
