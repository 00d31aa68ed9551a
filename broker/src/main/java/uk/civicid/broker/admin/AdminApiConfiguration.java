package uk.civicid.broker.admin;

import uk.civicid.broker.client.AdminScopes;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin API under {@code /admin/api}: an OAuth 2.0 resource server for the broker's own access tokens (signature,
 * issuer, RFC 9068 {@code typ}: the broker's {@code JwtDecoder}). Stateless, so no session and no CSRF token: a
 * browser's cookies give no access. Scopes are checked here; the person's role in {@link AdminAccess}.
 */
@Configuration(proxyBeanMethods = false)
public class AdminApiConfiguration implements WebMvcConfigurer {

    public static final String BASE = "/admin/api";

    private final AdminAccess access;

    public AdminApiConfiguration(AdminAccess access) {
        this.access = access;
    }

    @Bean
    @Order(0)
    SecurityFilterChain adminApi(HttpSecurity http) throws Exception {
        http.securityMatcher(BASE + "/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(BASE + "/openapi.json").permitAll()
                        .requestMatchers(BASE + "/apps", BASE + "/apps/**", CallerController.PATH)
                        .hasAnyAuthority("SCOPE_" + AdminScopes.ADMIN, "SCOPE_" + AdminScopes.APPS)
                        .anyRequest().hasAuthority("SCOPE_" + AdminScopes.ADMIN))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> {}));
        return http.build();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(access);
    }
}
