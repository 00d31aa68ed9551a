package uk.civicid.broker.federation;

import java.net.URI;

/**
 * What an upstream is told about the broker when the broker is registered there as a client: one place for the
 * broker's URLs each upstream needs, shown on the admin API's upstream and in the README.
 */
public record UpstreamRegistration(URI redirectUri, URI backchannelLogoutUri, URI clientJwksUri, URI postLogoutRedirectUri) {

    public static final String CALLBACK_PATH = "/signin/callback/";
    public static final String BACKCHANNEL_LOGOUT_PATH = "/signin/backchannel-logout/";
    /** Where the upstream sends the browser back after ending its session, as the broker signs a person out. */
    public static final String SIGNED_OUT_PATH = "/signin/signed-out/";
    /** The public halves of the broker's client keys, for upstreams that take private_key_jwt with a JWKS URL. */
    public static final String CLIENT_JWKS_PATH = "/signin/client-jwks";

    public static UpstreamRegistration of(URI issuer, String upstreamId) {
        String base = issuer.toString().replaceAll("/$", "");
        return new UpstreamRegistration(URI.create(base + CALLBACK_PATH + upstreamId), URI.create(base + BACKCHANNEL_LOGOUT_PATH + upstreamId),
                URI.create(base + CLIENT_JWKS_PATH), URI.create(base + SIGNED_OUT_PATH + upstreamId));
    }
}
