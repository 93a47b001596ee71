package io.mcpfleet.manager.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <FLEET_API_TOKEN>} on the API when a token is set.
 * Registered only for the API's paths; health and metrics stay open for probes and Prometheus.
 */
public final class ApiTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private final byte[] expectedDigest;

    public ApiTokenFilter(String token) {
        this.expectedDigest = sha256(token);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            reject(response, header == null ? "an Authorization: Bearer <token> header is required"
                    : "the Authorization header must use the Bearer scheme");
            return;
        }
        // Which of two tokens counts depends on who reads the request (this filter would take the
        // first, a proxy in front may take the last): refuse the request rather than guess.
        Enumeration<String> all = request.getHeaders("Authorization");
        all.nextElement();
        if (all.hasMoreElements()) {
            reject(response, "more than one Authorization header");
            return;
        }
        // Comparing digests keeps the comparison constant-time and independent of the token's length.
        if (!MessageDigest.isEqual(expectedDigest, sha256(header.substring(BEARER.length()).trim()))) {
            reject(response, "the bearer token is not valid");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void reject(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"mcp-fleet\"");
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"https://mcpfleet.io/problems/unauthorized\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"" + detail + "\"}");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
