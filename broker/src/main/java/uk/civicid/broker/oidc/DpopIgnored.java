package uk.civicid.broker.oidc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CivicID does not support DPoP (RFC 9449) yet, though the framework would bind tokens to a proof: the token endpoint
 * never sees the {@code DPoP} header, so a proof is ignored, as §5 has a server without DPoP do, and the app gets a
 * bearer token (discovery advertises no DPoP).
 */
public final class DpopIgnored extends OncePerRequestFilter {

    private static final String DPOP = "DPoP";

    private final String tokenEndpoint;

    public DpopIgnored(String tokenEndpoint) {
        this.tokenEndpoint = tokenEndpoint;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(DPOP) == null
                || !tokenEndpoint.equals(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return DPOP.equalsIgnoreCase(name) ? null : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return DPOP.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                        .filter(header -> !DPOP.equalsIgnoreCase(header)).toList());
            }
        }, response);
    }
}
