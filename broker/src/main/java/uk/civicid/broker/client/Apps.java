package uk.civicid.broker.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import uk.civicid.broker.ConfiguredOverStored;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.audit.AuditEventType;

/**
 * Registering and managing apps, for the admin API and RFC 7591/7592 alike: the metadata checked by one set of
 * rules, secrets and tokens generated here (256 bits, shown once, kept as hashes), every change audited with what
 * the app was before and after (never a secret). Who may do what is the caller's to decide; this knows only
 * that a sector shared with other apps is an administrator's choice.
 */
public class Apps {

    /** An app as the admin API and RFC 7592 show it: registered, or configured (read-only here). */
    public record App(String clientId, AppMetadata metadata, boolean configured, boolean enabled, List<String> owners,
                      Instant createdAt) {}

    /** A registered app and the secrets just generated for it: returned to the caller once, never kept. */
    public record Issued(RegisteredApp app, String clientSecret, String registrationAccessToken) {}

    public record InitialAccessToken(String value, Instant expiresAt) {}

    public static final Duration MAX_INITIAL_ACCESS_TOKEN_LIFE = Duration.ofDays(30);

    private final AppRepository apps;
    private final InitialAccessTokenRepository initialAccessTokens;
    /** Configured apps (read-only here) over the registered ones. */
    private final ConfiguredOverStored<App> overlay;
    private final AppMetadataRules rules;
    private final PasswordEncoder secrets;
    private final AccountRepository accounts;
    private final Audit audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Apps(AppRepository apps, InitialAccessTokenRepository initialAccessTokens, ClientCatalogue catalogue,
                AppMetadataRules rules, PasswordEncoder secrets, AccountRepository accounts, Audit audit, Clock clock) {
        this.apps = apps;
        this.initialAccessTokens = initialAccessTokens;
        this.overlay = new ConfiguredOverStored<>(catalogue.configured().stream().map(Apps::configuredApp).toList(), App::clientId);
        this.rules = rules;
        this.secrets = secrets;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every app: configured ones first, then registered ones. */
    public List<App> all() {
        return overlay.all(apps.findAll().stream().map(Apps::app).toList(), App::clientId);
    }

    public Optional<App> find(String clientId) {
        return overlay.find(clientId, id -> apps.find(id).map(Apps::app));
    }

    /** Registers an app made in the console; {@code owner} made it and may manage it. */
    public Issued create(Map<String, Object> json, String owner, boolean administrator) {
        AppMetadata metadata = rules.check(json);
        requireSectorAllowed(metadata.sector(), null, administrator);
        Issued issued = store(metadata, List.of(owner), false);
        audited(AuditEventType.APP_REGISTERED, owner, issued.app().clientId(), null, issued.app());
        return issued;
    }

    /** Replaces a registered app's metadata (RFC 7592 §2.2 semantics: what is left out goes back to its default). */
    public App replace(String clientId, Map<String, Object> json, String actor, boolean administrator) {
        RegisteredApp current = registered(clientId);
        AppMetadata next = ownSector(clientId, rules.check(json));
        if (!administrator && next.sector() == null) {
            next = withSector(next, current.metadata().sector()); // kept as the administrator set it
        }
        requireSectorAllowed(next.sector(), current.metadata().sector(), administrator);
        AppMetadata metadata = next;
        return app(change(AppEventType.CHANGED, clientId, actor, app -> app.withMetadata(metadata)));
    }

    /** A new secret; the old one stops working at once. */
    public Issued rotateSecret(String clientId, String actor) {
        if (!registered(clientId).metadata().usesSecret()) {
            throw new AppChangeRefused(AppChangeRefused.Reason.NO_SECRET, "this app authenticates without a client secret");
        }
        String secret = randomValue();
        String hash = secrets.encode(secret);
        RegisteredApp app = change(AppEventType.SECRET_ROTATED, clientId, actor, a -> a.withSecretHash(hash));
        return new Issued(app, secret, null);
    }

    public App setEnabled(String clientId, boolean enabled, String actor) {
        registered(clientId);
        return app(change(enabled ? AppEventType.ENABLED : AppEventType.DISABLED, clientId, actor, a -> a.withEnabled(enabled)));
    }

    /** Who manages an app: existing accounts only. */
    public App setOwners(String clientId, List<String> owners, String actor) {
        registered(clientId);
        List<InvalidAppMetadata.FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            if (accounts.findById(owners.get(i)).isEmpty()) {
                unknown.add(new InvalidAppMetadata.FieldError("owners[" + i + "]", "no account has this id"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidAppMetadata(unknown);
        }
        List<String> distinct = owners.stream().distinct().toList();
        return app(change(AppEventType.CHANGED, clientId, actor, a -> a.withOwners(distinct)));
    }

    /** An RFC 7591 initial access token: registers one app, within its life; the issuing administrator owns that app. */
    public InitialAccessToken issueInitialAccessToken(Duration life, String administrator) {
        String token = randomValue();
        initialAccessTokens.save(token, administrator, life);
        Instant expiresAt = clock.instant().plus(life);
        audit.recordChange(AuditEventType.INITIAL_ACCESS_TOKEN_ISSUED, administrator, null, null, "initial-access-token",
                null, Map.of("expires_at", expiresAt.toString()));
        return new InitialAccessToken(token, expiresAt);
    }

    /** RFC 7591 §3.1: registers an app with an initial access token, which is used up only when the app is stored. */
    public Issued register(String initialAccessToken, Map<String, Object> json) {
        if (initialAccessToken == null || initialAccessTokens.find(initialAccessToken).isEmpty()) {
            throw invalidToken();
        }
        AppMetadata metadata = rules.check(json);
        requireSectorAllowed(metadata.sector(), null, false);
        String issuedBy = initialAccessTokens.consume(initialAccessToken).orElseThrow(Apps::invalidToken);
        Issued issued = store(metadata, List.of(issuedBy), true);
        audited(AuditEventType.APP_REGISTERED, issuedBy, issued.app().clientId(), null, issued.app());
        return issued;
    }

    /**
     * RFC 7592 §2: the app this registration access token manages. An unknown app and a token for another app are
     * answered alike (RFC 7592 §2.1), so the endpoint tells nobody which client ids exist. A disabled app's token is
     * refused too: an administrator who stopped an app has stopped whoever holds its token from changing it.
     */
    public RegisteredApp byRegistrationToken(String clientId, String registrationAccessToken) {
        RegisteredApp app = clientId == null ? null : apps.find(clientId).orElse(null);
        if (registrationAccessToken == null || app == null || !app.enabled() || app.registrationTokenHash() == null
                || !MessageDigest.isEqual(Sha256.base64Url(registrationAccessToken).getBytes(StandardCharsets.US_ASCII),
                app.registrationTokenHash().getBytes(StandardCharsets.US_ASCII))) {
            throw invalidToken();
        }
        return app;
    }

    /** RFC 7592 §2.2: the app's own update, with its registration access token. */
    public RegisteredApp replaceByRegistration(String clientId, String registrationAccessToken, Map<String, Object> json) {
        RegisteredApp current = byRegistrationToken(clientId, registrationAccessToken);
        if (!clientId.equals(json.get("client_id"))) {
            throw new InvalidAppMetadata("client_id", "must be given, and be this app's (RFC 7592 §2.2)");
        }
        if (json.get("client_secret") != null && (current.secretHash() == null
                || !(json.get("client_secret") instanceof String secret) || !secrets.matches(secret, current.secretHash()))) {
            throw new InvalidAppMetadata("client_secret", "does not match this app's secret (RFC 7592 §2.2)");
        }
        Map<String, Object> metadata = new HashMap<>(json);
        if (metadata.get("sector") == null) {
            metadata.put("sector", current.metadata().sector()); // an administrator's choice, kept
        }
        AppMetadata next = ownSector(clientId, rules.check(metadata));
        requireSectorAllowed(next.sector(), current.metadata().sector(), false);
        return change(AppEventType.CHANGED, clientId, null, app -> app.withMetadata(next));
    }

    /** RFC 7592 §2.3: the app deregisters itself; its registration access token stops working with it. */
    public void deleteByRegistration(String clientId, String registrationAccessToken) {
        RegisteredApp app = byRegistrationToken(clientId, registrationAccessToken);
        if (apps.delete(clientId)) {
            audited(AuditEventType.APP_DELETED, null, clientId, app, null);
        }
    }

    private Issued store(AppMetadata metadata, List<String> owners, boolean withRegistrationToken) {
        String secret = metadata.usesSecret() ? randomValue() : null;
        String registrationToken = withRegistrationToken ? randomValue() : null;
        for (int attempt = 0; attempt < 5; attempt++) {
            RegisteredApp app = new RegisteredApp(randomValue().substring(0, 22), metadata, secret == null ? null : secrets.encode(secret),
                    owners, true, registrationToken == null ? null : Sha256.base64Url(registrationToken), clock.instant());
            if (!overlay.isConfigured(app.clientId()) && apps.create(app)) {
                return new Issued(app, secret, registrationToken);
            }
        }
        throw new IllegalStateException("no free client id after 5 random tries");
    }

    private enum AppEventType {
        CHANGED(AuditEventType.APP_CHANGED), SECRET_ROTATED(AuditEventType.APP_SECRET_ROTATED),
        ENABLED(AuditEventType.APP_ENABLED), DISABLED(AuditEventType.APP_DISABLED);

        final AuditEventType audited;

        AppEventType(AuditEventType audited) {
            this.audited = audited;
        }
    }

    /** Changes a registered app compare-and-set and audits it; {@code actor} null for the app's own RFC 7592 change. */
    private RegisteredApp change(AppEventType type, String clientId, String actor, UnaryOperator<RegisteredApp> change) {
        RegisteredApp[] before = new RegisteredApp[1];
        RegisteredApp after = apps.update(clientId, current -> {
            before[0] = current;
            return change.apply(current);
        }).orElseThrow(() -> notFound(clientId));
        audited(type.audited, actor, clientId, before[0], after);
        return after;
    }

    private void audited(AuditEventType type, String actor, String clientId, RegisteredApp before, RegisteredApp after) {
        audit.recordChange(type, actor, clientId, null, clientId, before == null ? null : describe(before), after == null ? null : describe(after));
    }

    /** What an audit event says an app was: its metadata, state and owners; never its secret or token hashes. */
    private static Map<String, Object> describe(RegisteredApp app) {
        Map<String, Object> described = new LinkedHashMap<>(app.metadata().toJson());
        described.put("enabled", app.enabled());
        described.put("owners", app.owners());
        return described;
    }

    private RegisteredApp registered(String clientId) {
        overlay.refuseChange(clientId, () -> new AppChangeRefused(AppChangeRefused.Reason.CONFIGURED,
                "this app is configured under civicid.clients and can only be changed there"));
        return apps.find(clientId).orElseThrow(() -> notFound(clientId));
    }

    /**
     * Apps that share a sector see the same pairwise subject for a person, so they can correlate people: only an
     * administrator may put an app in a sector other than its own.
     */
    private static void requireSectorAllowed(String sector, String current, boolean administrator) {
        if (!administrator && sector != null && !sector.equals(current)) {
            throw new InvalidAppMetadata("sector", "only an administrator can put an app in a sector shared with other apps");
        }
    }

    /** An app's own client id as its sector is the default (null), as shown back to it. */
    private static AppMetadata ownSector(String clientId, AppMetadata m) {
        return clientId.equals(m.sector()) ? withSector(m, null) : m;
    }

    private static AppMetadata withSector(AppMetadata m, String sector) {
        return new AppMetadata(m.name(), m.redirectUris(), m.postLogoutRedirectUris(), m.backchannelLogoutUri(), m.grantTypes(),
                m.tokenEndpointAuthMethod(), m.jwksUri(), m.jwks(), m.scopes(), m.subjectType(), sector, m.upstreams(), m.requirePasskey());
    }

    private static AppChangeRefused notFound(String clientId) {
        return new AppChangeRefused(AppChangeRefused.Reason.NOT_FOUND, "no app has the client id " + clientId);
    }

    private static AppChangeRefused invalidToken() {
        return new AppChangeRefused(AppChangeRefused.Reason.INVALID_TOKEN, "the access token is unknown, expired or already used");
    }

    /** 256 random bits, base64url: client secrets, registration and initial access tokens. */
    private String randomValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static App app(RegisteredApp app) {
        return new App(app.clientId(), app.metadata(), false, app.enabled(), app.owners(), app.createdAt());
    }

    private static App configuredApp(RegisteredClient client) {
        ClientPolicy policy = ClientPolicy.of(client);
        boolean publicClient = client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE);
        AppMetadata metadata = new AppMetadata(policy.name(), List.copyOf(client.getRedirectUris()),
                List.copyOf(client.getPostLogoutRedirectUris()),
                policy.backchannelLogoutUri() == null ? null : policy.backchannelLogoutUri().toString(),
                client.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).sorted().toList(),
                publicClient ? AppMetadata.NONE : "client_secret_basic", null, null, client.getScopes().stream().sorted().toList(),
                policy.subjectType(), policy.sector(), policy.acceptedUpstreams(), policy.requirePasskey());
        return new App(client.getClientId(), metadata, true, true, List.of(), null);
    }
}
