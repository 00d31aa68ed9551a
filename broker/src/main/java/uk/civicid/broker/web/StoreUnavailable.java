package uk.civicid.broker.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * The one place that turns "the store cannot be reached" (Redis down, timing out, failing over) into an
 * answer: HTTP 503 with {@code Retry-After}, as the OAuth error {@code temporarily_unavailable} to apps and
 * as a page that says to try again to people. It wraps the session filter, so a session that cannot be
 * loaded or saved is caught too. Nothing is half-written: each store write is one Redis command or script.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class StoreUnavailable extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(StoreUnavailable.class);
    private static final String RETRY_AFTER_SECONDS = "30";

    private final SpringTemplateEngine templates;
    private final LocaleResolver locales;

    public StoreUnavailable(SpringTemplateEngine templates, LocaleResolver locales) {
        this.templates = templates;
        this.locales = locales;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!isStoreFailure(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("event=store_unavailable path={} error=\"{}\"", request.getRequestURI(), rootMessage(e));
            response.resetBuffer();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            response.setHeader("Cache-Control", "no-store");
            String accept = request.getHeader("Accept");
            if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
                page(request, response);
            } else {
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.getWriter().write("{\"error\":\"temporarily_unavailable\","
                        + "\"error_description\":\"The service is briefly unavailable; retry in a few seconds.\"}");
            }
        }
    }

    private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response), locales.resolveLocale(request), Map.of("retry", request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString())));
        templates.process("unavailable", context, response.getWriter());
    }

    public static boolean isStoreFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t.getClass().getName().startsWith("io.lettuce.core.RedisConnectionException")
                    || "org.springframework.data.redis.RedisSystemException".equals(t.getClass().getName())) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
