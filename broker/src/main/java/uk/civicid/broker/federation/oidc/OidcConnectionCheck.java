package uk.civicid.broker.federation.oidc;

import uk.civicid.broker.config.UpstreamUris;
import uk.civicid.broker.config.SignatureAlgorithms;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.config.EntraTenants;
import uk.civicid.broker.federation.ConnectionReport;
import uk.civicid.broker.federation.ConnectionReport.Check;

/**
 * Tests the connection to an upstream as a sign-in would use it, fetching afresh (no cache): its discovery document
 * (found, JSON, the configured issuer, https endpoints) and then its JWKS (found, and holding a signing key for one of
 * the algorithms the upstream is trusted with). Every failure is reported as a check, never thrown.
 */
public final class OidcConnectionCheck {

    public static final String DISCOVERY = "discovery";
    public static final String JWKS = "jwks";
    private static final int MAX_BODY = 256 * 1024;

    private OidcConnectionCheck() {}

    public static ConnectionReport run(CivicIdProperties.Upstream upstream, HttpClient http, Duration timeout) {
        List<Check> checks = new ArrayList<>();
        URI discovery;
        try {
            discovery = URI.create(upstream.issuer().toString().replaceAll("/$", "") + "/.well-known/openid-configuration");
        } catch (IllegalArgumentException e) {
            return new ConnectionReport(List.of(new Check(DISCOVERY, false, "the issuer is not a URL")));
        }
        UpstreamMetadata metadata;
        try {
            metadata = UpstreamMetadata.parse(fetch(discovery, http, timeout),
                    EntraTenants.metadataIssuer(upstream.profile(), upstream.issuer()));
            checks.add(new Check(DISCOVERY, true, "found at " + discovery + "; its issuer matches"));
        } catch (Failure | ParseException e) {
            checks.add(new Check(DISCOVERY, false, discovery + ": " + e.getMessage()));
            checks.add(new Check(JWKS, false, "not checked: discovery failed"));
            return new ConnectionReport(checks);
        }
        try {
            JWKSet keys = JWKSet.parse(fetch(metadata.jwksUri(), http, timeout));
            long usable = keys.getKeys().stream().filter(key -> signsWithOneOf(key, upstream.algorithms())).count();
            checks.add(usable > 0
                    ? new Check(JWKS, true, usable + " of " + keys.getKeys().size() + " keys at " + metadata.jwksUri() + " can verify " + upstream.algorithms())
                    : new Check(JWKS, false, "no key at " + metadata.jwksUri() + " can verify " + upstream.algorithms()
                            + " (" + keys.getKeys().size() + " keys)"));
        } catch (Failure e) {
            checks.add(new Check(JWKS, false, metadata.jwksUri() + ": " + e.getMessage()));
        } catch (ParseException e) {
            checks.add(new Check(JWKS, false, metadata.jwksUri() + ": not a JWK set"));
        }
        return new ConnectionReport(checks);
    }

    /** A key that could verify one of the algorithms: its type (and curve) fit, and its alg and use, where given, allow it. */
    static boolean signsWithOneOf(JWK key, List<String> algorithms) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return false;
        }
        return algorithms.stream().filter(SignatureAlgorithms::allowed).map(JWSAlgorithm::parse).anyMatch(alg -> {
            if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
                return false;
            }
            if (!KeyType.forAlgorithm(alg).equals(key.getKeyType())) {
                return false;
            }
            Set<Curve> curves = Curve.forJWSAlgorithm(alg);
            Curve curve = key instanceof ECKey ec ? ec.getCurve() : key instanceof OctetKeyPair okp ? okp.getCurve() : null;
            return curves == null || curve == null || curves.contains(curve);
        });
    }

    private static String fetch(URI uri, HttpClient http, Duration timeout) throws Failure {
        if (!UpstreamUris.acceptable(uri)) {
            throw new Failure("not an https URL");
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Failure("answered HTTP " + response.statusCode());
            }
            if (response.body().length() > MAX_BODY) {
                throw new Failure("answered more than " + MAX_BODY / 1024 + " KiB");
            }
            return response.body();
        } catch (HttpTimeoutException e) {
            throw new Failure("no answer within " + timeout.toSeconds() + "s");
        } catch (IOException e) {
            throw new Failure("cannot connect to " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    /** One fetch that did not give a document, said for an administrator. */
    private static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }
}
