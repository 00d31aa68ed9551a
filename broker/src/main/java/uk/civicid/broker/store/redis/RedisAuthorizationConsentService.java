package uk.civicid.broker.store.redis;

import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import tools.jackson.databind.json.JsonMapper;

/** What a person agreed an app may have (its granted authorities), one key per person and app. */
public class RedisAuthorizationConsentService implements OAuth2AuthorizationConsentService {

    record Stored(String registeredClientId, String principalName, Set<String> authorities) {}

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;

    public RedisAuthorizationConsentService(StringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public void save(OAuth2AuthorizationConsent consent) {
        Set<String> authorities = consent.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        redis.opsForValue().set(keys.consent(consent.getRegisteredClientId(), consent.getPrincipalName()),
                json.writeValueAsString(new Stored(consent.getRegisteredClientId(), consent.getPrincipalName(), authorities)));
    }

    @Override
    public void remove(OAuth2AuthorizationConsent consent) {
        redis.delete(keys.consent(consent.getRegisteredClientId(), consent.getPrincipalName()));
    }

    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        String value = redis.opsForValue().get(keys.consent(registeredClientId, principalName));
        if (value == null) {
            return null;
        }
        Stored stored = json.readValue(value, Stored.class);
        OAuth2AuthorizationConsent.Builder consent = OAuth2AuthorizationConsent.withId(stored.registeredClientId(), stored.principalName());
        stored.authorities().forEach(a -> consent.authority(new SimpleGrantedAuthority(a)));
        return consent.build();
    }
}
