package uk.civicid.console.web;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import uk.civicid.console.ConsoleProperties;

/** English and Welsh: {@code ?lang=cy} or {@code ?lang=en} switches, and a cookie remembers the choice. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /** Until someone chooses, the browser's preferred language is used (Welsh if it asks for Welsh). */
    @Bean
    LocaleResolver localeResolver(ConsoleProperties properties) {
        CookieLocaleResolver resolver = new CookieLocaleResolver("console_lang");
        resolver.setCookieSecure(properties.secureCookies());
        return resolver;
    }

    /**
     * Errors that reach Spring Boot's error controller (a request it cannot read, a refused CSRF token) get the
     * console's page. All the console's templates are under templates/console/, so it can share a classpath with
     * the broker, whose own error.html would otherwise be found.
     */
    @Bean
    ErrorViewResolver consoleErrorView() {
        return (request, status, model) -> new ModelAndView("console/error", model, status);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor languageChoice = new LocaleChangeInterceptor();
        languageChoice.setParamName("lang"); // the default name is "locale"
        languageChoice.setIgnoreInvalidLocale(true); // a mistyped ?lang= is ignored, not an error page
        registry.addInterceptor(languageChoice);
    }
}
