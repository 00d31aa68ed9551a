package uk.civicid.broker.admin;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin API under {@code /admin/api}: its path and the caller it hands each endpoint. Its filter chain (the
 * broker's own access tokens, scopes) is in {@code wiring/SecurityConfiguration}; the person's role in {@link AdminAccess}.
 */
@Configuration(proxyBeanMethods = false)
public class AdminApiConfiguration implements WebMvcConfigurer {

    public static final String BASE = "/admin/api";

    private final AdminAccess access;

    public AdminApiConfiguration(AdminAccess access) {
        this.access = access;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(access);
    }
}
