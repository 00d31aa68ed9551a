package uk.civicid.broker.federation.oidc;

import uk.civicid.broker.config.UpstreamUris;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;

/** The parts of an upstream's discovery document the connector uses (OIDC Discovery 1.0 §3). */
record UpstreamMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri,
                        /** null when the upstream has none (it is RECOMMENDED, not required: Discovery §3) */
                        URI userinfoEndpoint,
                        boolean issParameterSupported,
                        /** null when the upstream has none (RP-Initiated Logout 1.0 §2.1) */
                        URI endSessionEndpoint) {

    /**
     * Parses and checks a discovery document; its issuer must be exactly the one expected (§4.3): the configured one, or
     * Entra ID's template for its multi-tenant endpoints (text, as {@code {tenantid}} is no URI).
     */
    static UpstreamMetadata parse(String json, String expectedIssuer) throws ParseException {
        Map<String, Object> doc = JSONObjectUtils.parse(json);
        String issuer = JSONObjectUtils.getString(doc, "issuer");
        if (!expectedIssuer.equals(issuer)) {
            throw new ParseException("discovery issuer does not match the configured issuer", 0);
        }
        return new UpstreamMetadata(issuer,
                required(doc, "authorization_endpoint"),
                required(doc, "token_endpoint"),
                required(doc, "jwks_uri"),
                doc.get("userinfo_endpoint") == null ? null : required(doc, "userinfo_endpoint"),
                Boolean.TRUE.equals(doc.get("authorization_response_iss_parameter_supported")),
                doc.get("end_session_endpoint") == null ? null : required(doc, "end_session_endpoint"));
    }

    private static URI required(Map<String, Object> doc, String name) throws ParseException {
        URI uri = JSONObjectUtils.getURI(doc, name);
        if (uri == null || !UpstreamUris.acceptable(uri)) {
            throw new ParseException("discovery " + name + " missing or not https", 0);
        }
        return uri;
    }
}
