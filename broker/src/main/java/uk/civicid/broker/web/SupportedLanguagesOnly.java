package uk.civicid.broker.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** Lets {@code ?lang=} switch only between the languages the pages are written in. */
class SupportedLanguagesOnly implements HandlerInterceptor {

    private final LocaleChangeInterceptor delegate;

    SupportedLanguagesOnly(LocaleChangeInterceptor delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        String lang = request.getParameter(delegate.getParamName());
        return !("en".equals(lang) || "cy".equals(lang)) || delegate.preHandle(request, response, handler);
    }
}
