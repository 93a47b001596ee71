package io.mcpfleet.router.security;

import io.mcpfleet.router.failure.Failures;
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
 * Guards the MCP endpoint: DNS-rebinding protection ({@code Host} and {@code Origin} must name
 * an allowed host, else 403) and, when a router token is set, a bearer token compared in
 * constant time (else 401 with {@code WWW-Authenticate}). Actuator endpoints are not behind it.
 */
public final class McpSecurityFilter extends OncePerRequestFilter {

    private final HostAllowList allowList;
    private final byte[] tokenDigest;

    public McpSecurityFilter(java.util.List<String> allowedHosts, String routerToken) {
        this.allowList = new HostAllowList(allowedHosts);
        this.tokenDigest = routerToken == null || routerToken.isBlank() ? null : sha256(routerToken);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws ServletException, IOException {
        if (!allowList.allowsHost(req.getHeader("Host"))) {
            reject(resp, 403, "Host " + req.getHeader("Host") + " is not allowed (DNS-rebinding protection; "
                    + "add it to fleet.allowed-hosts)", null);
            return;
        }
        if (!allowList.allowsOrigin(req.getHeader("Origin"))) {
            reject(resp, 403, "Origin " + req.getHeader("Origin") + " is not allowed (DNS-rebinding protection)",
                    null);
            return;
        }
        if (tokenDigest != null) {
            String auth = req.getHeader("Authorization");
            if (auth == null) {
                reject(resp, 401, "a bearer token is required", "Bearer realm=\"mcp-fleet\"");
                return;
            }
            // Which of two tokens counts depends on who reads the request (this filter takes the
            // first, a proxy in front may take the last): refuse the request rather than guess.
            if (more(req.getHeaders("Authorization"))) {
                reject(resp, 401, "more than one Authorization header",
                        "Bearer realm=\"mcp-fleet\", error=\"invalid_request\"");
                return;
            }
            if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)
                    || !MessageDigest.isEqual(tokenDigest, sha256(auth.substring(7).trim()))) {
                reject(resp, 401, "invalid bearer token", "Bearer realm=\"mcp-fleet\", error=\"invalid_token\"");
                return;
            }
        }
        chain.doFilter(req, resp);
    }

    private static boolean more(Enumeration<String> values) {
        values.nextElement();
        return values.hasMoreElements();
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    private static void reject(HttpServletResponse resp, int status, String message, String challenge)
            throws IOException {
        byte[] body = Failures.error(null, Failures.INVALID_REQUEST, message);
        resp.setStatus(status);
        if (challenge != null) {
            resp.setHeader("WWW-Authenticate", challenge);
        }
        resp.setContentType("application/json");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    // Comparing digests keeps the comparison constant-time whatever the lengths of the two tokens.
    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
