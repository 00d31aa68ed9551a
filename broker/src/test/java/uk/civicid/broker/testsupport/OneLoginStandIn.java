package uk.civicid.broker.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GOV.UK One Login stand-in's own rules, on top of {@link FakeUpstream}: a vtr of its vectors, private_key_jwt only, and
 * its identity proving, as its documentation says ("Prove your user's identity",
 * https://docs.sign-in.service.gov.uk/integrate-with-integration-environment/prove-users-identity/, and "Choose which user
 * attributes your service can request", https://docs.sign-in.service.gov.uk/before-integrating/choose-which-user-attributes-your-service-can-request/):
 * identity claims are asked with the {@code claims} parameter and an identity vector ({@code P2.Cl.Cm}) and answered at
 * userinfo, proved at the level of confidence of the first identity vector asked for; the core identity JWT is signed ES256 with a key of the identity issuer's DID document
 * ({issuer}/.well-known/did.json), its {@code kid} naming the document's assertion method; a person whose identity could
 * not be proved is answered with {@code returnCode} instead. Each {@link Misbehaviour} gets one thing wrong.
 */
public final class OneLoginStandIn implements FakeUpstream.Extension {

    private static final String VOCAB = "https://vocab.account.gov.uk/v1/";

    public enum Misbehaviour { WRONG_ISSUER, WRONG_AUDIENCE, OTHER_SUBJECT, EXPIRED, LOWER_CONFIDENCE, UNKNOWN_KID, FORGED_SIGNATURE,
        NO_CORE_IDENTITY, NOT_PROVED }

    private final FakeUpstream upstream;
    private final String did;
    private volatile ECKey key;
    private volatile Misbehaviour misbehaviour;
    private volatile String lastClaimsRequested;
    private volatile String confidenceAsked; // of the last authorization request's first identity vector
    private final AtomicInteger didRequests = new AtomicInteger();

    private OneLoginStandIn(FakeUpstream upstream) {
        this.upstream = upstream;
        this.did = "did:web:identity.stand-in.example";
        this.key = newKey();
    }

    /** Adds the identity side to this upstream; its identity issuer is {@link #issuer()}. */
    public static OneLoginStandIn on(FakeUpstream upstream) {
        OneLoginStandIn identity = new OneLoginStandIn(upstream);
        upstream.extend(identity);
        return identity;
    }

    /** The identity issuer to configure, as {@code https://identity.account.gov.uk/} is One Login's. */
    public String issuer() {
        return upstream.issuer() + "/identity/";
    }

    public void misbehave(Misbehaviour m) { this.misbehaviour = m; }
    public void behave() { this.misbehaviour = null; }
    public String lastClaimsRequested() { return lastClaimsRequested; }
    public int didRequests() { return didRequests.get(); }
    /** A new signing key in the DID document, as when One Login rotates its key. */
    public void rotateKey() { this.key = newKey(); }

    @Override
    public ResponseDefinition serve(String methodAndPath) {
        if (!"GET /identity/.well-known/did.json".equals(methodAndPath)) {
            return null;
        }
        didRequests.incrementAndGet();
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("type", "JsonWebKey");
        method.put("id", did + "#" + key.getKeyID());
        method.put("controller", did);
        method.put("publicKeyJwk", key.toPublicJWK().toJSONObject());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("@context", List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"));
        document.put("id", did);
        document.put("assertionMethod", List.of(method));
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("Cache-Control", "max-age=3600")
                .withBody(JSONObjectUtils.toJSONString(document)).build();
    }

    /**
     * One Login refuses a vtr that is not a JSON array of its vectors, and identity claims asked for without a level of
     * confidence in vtr.
     */
    @Override
    public String refuseAuthorization(Map<String, String> query) {
        if (query.get("vtr") != null && !query.get("vtr").matches("\\[\"(P[12]\\.)?Cl(\\.Cm)?\"(,\"(P[12]\\.)?Cl(\\.Cm)?\")*]")) {
            return "invalid_request: vtr must be a JSON array of GOV.UK One Login vectors";
        }
        String claims = query.get("claims");
        boolean identityClaims = claims != null && claims.contains(VOCAB);
        Matcher identityVector = Pattern.compile("\"(P[12])\\.Cl\\.Cm\"")
                .matcher(query.get("vtr") == null ? "" : query.get("vtr"));
        confidenceAsked = identityVector.find() ? identityVector.group(1) : null;
        return identityClaims && confidenceAsked == null ? "identity claims need an identity vector of trust (P2.Cl.Cm)" : null;
    }

    /** A client registered for private_key_jwt is refused a client secret, as One Login's token endpoint does. */
    @Override
    public String refuseTokenRequest(String authorization, Map<String, String> form) {
        return authorization != null || form.containsKey("client_secret") || !form.containsKey("client_assertion")
                ? "this client authenticates with private_key_jwt" : null;
    }

    @Override
    public Map<String, Object> userInfoClaims(FakeUpstream.Persona person, String claimsRequested) {
        lastClaimsRequested = claimsRequested;
        Map<String, Object> claims = new LinkedHashMap<>();
        if (claimsRequested == null || !claimsRequested.contains(VOCAB + "coreIdentityJWT")) {
            return claims;
        }
        Misbehaviour m = misbehaviour;
        if (m == Misbehaviour.NOT_PROVED) {
            claims.put(VOCAB + "returnCode", List.of(Map.of("code", "X")));
            return claims;
        }
        if (m != Misbehaviour.NO_CORE_IDENTITY) {
            claims.put(VOCAB + "coreIdentityJWT", coreIdentity(person, m));
        }
        if (claimsRequested.contains(VOCAB + "address")) {
            claims.put(VOCAB + "address", List.of(
                    address("10", "DOWNING STREET", "LONDON", "SW1A 2AA", null),
                    address("1", "OLD ROAD", "LEEDS", "LS1 1AA", "2020-01-01")));
        }
        return claims;
    }

    private String coreIdentity(FakeUpstream.Persona person, Misbehaviour m) {
        Instant now = Instant.now();
        Map<String, Object> credentialSubject = Map.of(
                "name", List.of(Map.of("nameParts", List.of(Map.of("type", "GivenName", "value", "Sam"),
                        Map.of("type", "GivenName", "value", "Alex"), Map.of("type", "FamilyName", "value", "Citizen")))),
                "birthDate", List.of(Map.of("value", "1980-04-01")));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(m == Misbehaviour.WRONG_ISSUER ? "https://identity.elsewhere.example/" : issuer())
                .subject(m == Misbehaviour.OTHER_SUBJECT ? "urn:fdc:gov.uk:2022:someone-else" : person.subject())
                .audience(m == Misbehaviour.WRONG_AUDIENCE ? FakeUpstream.OTHER_CLIENT : upstream.clientId())
                .notBeforeTime(Date.from(now)).issueTime(Date.from(now))
                .expirationTime(Date.from(m == Misbehaviour.EXPIRED ? now.minusSeconds(3600) : now.plusSeconds(3600)))
                .claim("vot", m == Misbehaviour.LOWER_CONFIDENCE ? "P" + (confidenceAsked.charAt(1) - '1') : confidenceAsked)
                .claim("vtm", upstream.issuer() + "/trustmark")
                .claim("vc", Map.of("type", List.of("VerifiableCredential", "IdentityCheckCredential"),
                        "credentialSubject", credentialSubject))
                .build();
        ECKey signing = m == Misbehaviour.FORGED_SIGNATURE ? newKey(key.getKeyID()) : m == Misbehaviour.UNKNOWN_KID ? newKey() : key;
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(did + "#" + signing.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(signing));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> address(String number, String street, String town, String postcode, String validUntil) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("buildingNumber", number);
        address.put("streetName", street);
        address.put("addressLocality", town);
        address.put("postalCode", postcode);
        address.put("addressCountry", "GB");
        if (validUntil != null) {
            address.put("validUntil", validUntil);
        }
        return address;
    }

    private static ECKey newKey() {
        return newKey(java.util.UUID.randomUUID().toString());
    }

    private static ECKey newKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
