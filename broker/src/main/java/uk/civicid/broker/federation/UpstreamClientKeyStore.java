package uk.civicid.broker.federation;

import uk.civicid.broker.keys.SigningKeyRepository;

/**
 * Where the broker's client keys for upstreams are kept, shared by every node (private parts encrypted at rest, as the
 * token-signing keys are): a store of key pairs of its own, apart from the token-signing keys.
 */
public record UpstreamClientKeyStore(SigningKeyRepository keys) {}
