package uk.civicid.broker.federation.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import uk.civicid.broker.config.OneLoginVectors;
import uk.civicid.broker.federation.UpstreamSignInException;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;
import uk.civicid.broker.identity.VerifiedIdentity;

/**
 * Checks GOV.UK One Login's core identity JWT as its documentation says ("Prove your user's identity",
 * https://docs.sign-in.service.gov.uk/integrate-with-integration-environment/prove-users-identity/): signed ES256 by a
 * key of the identity issuer's DID document ({issuer}/.well-known/did.json), found by the JWT's {@code kid}, which names
 * one of its {@code assertionMethod}s; {@code iss} the identity issuer, {@code aud} the broker's client id, {@code sub}
 * the ID token's, unexpired, and {@code vot} the level of confidence asked for. The DID document is kept as long as its
 * {@code Cache-Control: max-age} says (an hour when it says nothing), and read again early, at most once a rate-limit
 * interval, for a {@code kid} it does not hold (the issuer rotated its key).
 */
final class CoreIdentityVerifier {

    private static final Duration DEFAULT_CACHE = Duration.ofHours(1);
    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d{1,9})");

    private final String issuer;
    private final URI didDocument;
    private final String clientId;
    private final Duration clockSkew;
    private final Duration refetchInterval;
    private final Clock clock;
    private final Function<URI, HttpResponse<String>> get;
    private Keys keys = new Keys(Map.of(), Instant.EPOCH, Instant.EPOCH);

    /** The DID document's keys by their id, when they were read, and until when they may be used without reading again. */
    private record Keys(Map<String, ECKey> byId, Instant readAt, Instant freshUntil) {}

    CoreIdentityVerifier(URI issuer, String clientId, Duration clockSkew, Duration refetchInterval, Clock clock,
                         Function<URI, HttpResponse<String>> get) {
        this.issuer = issuer.toString();
        this.didDocument = URI.create(this.issuer.replaceAll("/$", "") + "/.well-known/did.json");
        this.clientId = clientId;
        this.clockSkew = clockSkew;
        this.refetchInterval = refetchInterval;
        this.clock = clock;
        this.get = get;
    }

    /**
     * The identity the JWT proves, with the person's current address from userinfo's address claim (or none).
     *
     * @param subject     the ID token's {@code sub}: the identity must be this person's
     * @param confidences the levels of confidence asked for, {@code P2} of {@code P2.Cl.Cm}
     */
    VerifiedIdentity verify(Object coreIdentityJwt, String subject, Set<String> confidences, Object address) {
        if (!(coreIdentityJwt instanceof String serialized)) {
            throw refused("no core identity JWT");
        }
        JWTClaimsSet claims = verifiedClaims(serialized);
        if (!issuer.equals(claims.getIssuer())) {
            throw refused("core identity JWT iss is not the identity issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(clientId)) {
            throw refused("core identity JWT aud is not the broker's client id");
        }
        if (!subject.equals(claims.getSubject())) {
            throw refused("core identity JWT sub is not the ID token's");
        }
        if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().plus(clockSkew).isAfter(clock.instant())) {
            throw refused("core identity JWT expired");
        }
        if (!(claims.getClaim("vot") instanceof String vot) || !confidences.contains(vot)) {
            throw refused("core identity JWT vot is not a level of confidence asked for");
        }
        Map<String, Object> person = credentialSubject(claims);
        List<Map<String, Object>> nameParts = objects(current(objects(person.get("name"))).get("nameParts"));
        String given = nameOf(nameParts, "GivenName");
        String family = nameOf(nameParts, "FamilyName");
        Object birthDate = current(objects(person.get("birthDate"))).get("value");
        if (given == null || family == null || !(birthDate instanceof String birthdate) || !birthdate.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw refused("core identity JWT without a name and a birth date");
        }
        return new VerifiedIdentity(OneLoginVectors.TRUST_FRAMEWORK, OneLoginVectors.assuranceLevel(vot), given, family, birthdate, postalAddress(address));
    }

    private JWTClaimsSet verifiedClaims(String serialized) {
        try {
            SignedJWT jwt = SignedJWT.parse(serialized);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
                throw refused("core identity JWT not signed ES256");
            }
            ECKey key = key(jwt.getHeader().getKeyID());
            if (!jwt.verify(new ECDSAVerifier(key))) {
                throw refused("core identity JWT signature does not verify");
            }
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refused("core identity JWT is not a signed JWT");
        } catch (JOSEException e) {
            throw refused("core identity JWT signature cannot be checked");
        }
    }

    /** The DID document's key with this id; read again for one it does not hold, at most once per rate-limit interval. */
    private synchronized ECKey key(String kid) {
        if (kid == null) {
            throw refused("core identity JWT without kid");
        }
        Instant now = clock.instant();
        if (now.isAfter(keys.freshUntil()) || (!keys.byId().containsKey(kid) && !now.isBefore(keys.readAt().plus(refetchInterval)))) {
            keys = read(now);
        }
        ECKey key = keys.byId().get(kid);
        if (key == null) {
            throw refused("core identity JWT kid is not in the identity issuer's DID document");
        }
        return key;
    }

    private Keys read(Instant now) {
        HttpResponse<String> response = get.apply(didDocument);
        if (response.statusCode() != 200) {
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "DID document answered " + response.statusCode());
        }
        try {
            Map<String, Object> document = JSONObjectUtils.parse(response.body());
            String controller = JSONObjectUtils.getString(document, "id");
            Map<String, ECKey> byId = new HashMap<>();
            for (Map<String, Object> method : objects(document.get("assertionMethod"))) {
                Object id = method.get("id");
                Object jwk = method.get("publicKeyJwk");
                // Only the document's own methods, with P-256 public keys: what ES256 verifies with.
                if (id instanceof String methodId && controller != null && controller.equals(method.get("controller"))
                        && methodId.startsWith(controller + "#") && jwk instanceof Map<?, ?> json
                        && JWK.parse(JSONObjectUtils.toJSONString(strings(json))) instanceof ECKey ec
                        && Curve.P_256.equals(ec.getCurve()) && !ec.isPrivate()) {
                    byId.put(methodId, ec);
                }
            }
            Matcher maxAge = MAX_AGE.matcher(response.headers().firstValue("Cache-Control").orElse(""));
            Duration keep = maxAge.find() ? Duration.ofSeconds(Long.parseLong(maxAge.group(1))) : DEFAULT_CACHE;
            return new Keys(Map.copyOf(byId), now, now.plus(keep));
        } catch (ParseException | ClassCastException e) {
            throw new UpstreamSignInException(Reason.UPSTREAM_UNAVAILABLE, "DID document is not a DID document", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> strings(Map<?, ?> json) {
        return (Map<String, Object>) json;
    }

    private static Map<String, Object> credentialSubject(JWTClaimsSet claims) {
        if (claims.getClaim("vc") instanceof Map<?, ?> vc && vc.get("credentialSubject") instanceof Map<?, ?> subject) {
            return strings(subject);
        }
        throw refused("core identity JWT without vc.credentialSubject");
    }

    /** The entries of a JSON array that are objects; none for anything else. */
    private static List<Map<String, Object>> objects(Object array) {
        List<Map<String, Object>> objects = new ArrayList<>();
        if (array instanceof List<?> list) {
            list.stream().filter(Map.class::isInstance).map(m -> strings((Map<?, ?>) m)).forEach(objects::add);
        }
        return objects;
    }

    /** The entry still valid (no validUntil), as One Login lists a person's names and addresses, current and past. */
    private static Map<String, Object> current(List<Map<String, Object>> entries) {
        return entries.stream().filter(e -> e.get("validUntil") == null).findFirst().orElse(Map.of());
    }

    private static String nameOf(List<Map<String, Object>> parts, String type) {
        String name = parts.stream().filter(p -> type.equals(p.get("type")) && p.get("value") instanceof String)
                .map(p -> (String) p.get("value")).collect(Collectors.joining(" "));
        return name.isBlank() ? null : name;
    }

    /** One Login's postal address (https://vocab.account.gov.uk/v1/address) as OIDC Core's address claim. */
    private static VerifiedIdentity.PostalAddress postalAddress(Object addresses) {
        Map<String, Object> address = current(objects(addresses));
        if (address.isEmpty()) {
            return null;
        }
        String street = Stream.of(text(address, "subBuildingName"), text(address, "buildingName"),
                        join(text(address, "buildingNumber"), text(address, "streetName")), text(address, "dependentAddressLocality"))
                .filter(part -> part != null).collect(Collectors.joining("\n"));
        return new VerifiedIdentity.PostalAddress(street.isEmpty() ? null : street, text(address, "addressLocality"),
                text(address, "postalCode"), text(address, "addressCountry"));
    }

    private static String text(Map<String, Object> json, String name) {
        return json.get(name) instanceof String s && !s.isBlank() ? s : null;
    }

    private static String join(String first, String second) {
        return first == null ? second : second == null ? first : first + " " + second;
    }

    private static UpstreamSignInException refused(String detail) {
        return new UpstreamSignInException(Reason.INVALID_RESPONSE, detail);
    }
}
