package uk.civicid.broker.federation.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.UriComponentsBuilder;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.session.BrokerSessions;

/**
 * A built-in upstream OpenID provider for trying CivicID with no accounts anywhere: pick a persona, no
 * password. The broker federates it through the same OIDC connector as any real upstream, over HTTP.
 * Anyone can sign in as anyone, so it runs only with {@code civicid.demo.insecure-demo-login=true}, and
 * that switch is refused outside the {@code demo} profile.
 */
@Controller
@RequestMapping("/demo-idp")
@ConditionalOnProperty("civicid.demo.insecure-demo-login")
public class DemoUpstream {

    public record Persona(String subject, String name, String email, String description) {}

    static final List<Persona> PERSONAS = List.of(
            new Persona("demo-citizen-alys", "Alys Jones", "alys.jones@example.org", "Citizen"),
            new Persona("demo-staff-dewi", "Dewi Evans", "dewi.evans@council.example", "Council staff"),
            new Persona("demo-citizen-priya", "Priya Shah", "priya.shah@example.org", "Citizen"));

    private record Grant(Persona persona, String nonce, String codeChallenge, String redirectUri, Instant expiresAt) {}

    private final Map<String, Grant> codes = new java.util.concurrent.ConcurrentHashMap<>();
    private final RSAKey key;
    private final CivicIdProperties.Upstream self;
    private final String issuer;
    private final Clock clock;

    public DemoUpstream(CivicIdProperties properties, Environment environment, Clock clock) throws JOSEException {
        if (!Arrays.asList(environment.getActiveProfiles()).contains("demo")) {
            throw new IllegalStateException("civicid.demo.insecure-demo-login lets anyone sign in as anyone; "
                    + "it is refused unless the 'demo' profile is active");
        }
        this.issuer = properties.issuer().toString().replaceAll("/$", "") + "/demo-idp";
        this.self = properties.upstreams().stream().filter(u -> u.issuer().toString().equals(issuer)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo profile needs an upstream with issuer " + issuer));
        this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        this.clock = clock;
    }

    @GetMapping(value = "/.well-known/openid-configuration", produces = "application/json")
    @ResponseBody
    public Map<String, Object> discovery() {
        return Map.of("issuer", issuer,
                "authorization_endpoint", issuer + "/authorize",
                "token_endpoint", issuer + "/token",
                "jwks_uri", issuer + "/jwks",
                "response_types_supported", List.of("code"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "code_challenge_methods_supported", List.of("S256"),
                "authorization_response_iss_parameter_supported", true);
    }

    @GetMapping(value = "/jwks", produces = "application/json")
    @ResponseBody
    public Map<String, Object> jwks() {
        return Map.of("keys", List.of(key.toPublicJWK().toJSONObject()));
    }

    @GetMapping("/authorize")
    public String choose(@RequestParam Map<String, String> params, Model model) {
        checkAuthorizationRequest(params);
        model.addAttribute("personas", PERSONAS);
        model.addAttribute("params", params);
        return "demo-login";
    }

    @PostMapping("/authorize")
    public String signIn(@RequestParam Map<String, String> params, @RequestParam String persona) {
        checkAuthorizationRequest(params);
        Persona who = PERSONAS.stream().filter(p -> p.subject().equals(persona)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown persona"));
        String code = BrokerSessions.randomId();
        codes.put(code, new Grant(who, params.get("nonce"), params.get("code_challenge"), params.get("redirect_uri"),
                clock.instant().plus(Duration.ofMinutes(1))));
        return "redirect:" + UriComponentsBuilder.fromUriString(params.get("redirect_uri"))
                .queryParam("code", code).queryParam("state", params.get("state")).queryParam("iss", issuer)
                .encode().build().toUriString();
    }

    @PostMapping(value = "/token", produces = "application/json")
    @ResponseBody
    public ResponseEntity<Map<String, Object>> token(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                     @RequestParam Map<String, String> params) throws JOSEException {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (self.clientId() + ":" + self.clientSecret()).getBytes(StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), String.valueOf(authorization).getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "invalid_client"));
        }
        Grant grant = Optional.ofNullable(params.get("code")).map(codes::remove).orElse(null);
        if (grant == null || grant.expiresAt().isBefore(clock.instant()) || !grant.redirectUri().equals(params.get("redirect_uri"))
                || !grant.codeChallenge().equals(Sha256.base64Url(params.getOrDefault("code_verifier", "")))) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_grant"));
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer).subject(grant.persona().subject()).audience(self.clientId())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("auth_time", now.getEpochSecond()).claim("nonce", grant.nonce())
                .claim("name", grant.persona().name()).claim("email", grant.persona().email()).claim("email_verified", true)
                .build();
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        idToken.sign(new RSASSASigner(key));
        return ResponseEntity.ok(Map.of("access_token", BrokerSessions.randomId(), "token_type", "Bearer",
                "expires_in", 300, "id_token", idToken.serialize()));
    }

    /** Only the broker's own callback for this upstream, with PKCE and a nonce, is served. */
    private void checkAuthorizationRequest(Map<String, String> params) {
        String callback = issuer.replace("/demo-idp", "/signin/callback/" + self.id());
        if (!self.clientId().equals(params.get("client_id")) || !callback.equals(params.get("redirect_uri"))
                || params.get("state") == null || params.get("nonce") == null || params.get("code_challenge") == null
                || !"S256".equals(params.get("code_challenge_method"))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a valid demo authorization request"); // a page, not a 500
        }
    }

}
