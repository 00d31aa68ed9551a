package uk.civicid.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** English and Welsh: {@code ?lang=cy} or {@code ?lang=en} switches, and a cookie remembers the choice. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    /** Until someone chooses, the browser's preferred language is used (Welsh if it asks for Welsh). */
    @Bean
    LocaleResolver localeResolver() {
        return new CookieLocaleResolver("sample_lang");
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor languageChoice = new LocaleChangeInterceptor();
        languageChoice.setParamName("lang"); // the default name is "locale"
        registry.addInterceptor(languageChoice);
    }
}
