package io.mcpfleet.router.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the MCP endpoint of the servlet path with {@link McpGuard}'s checks (the front end's
 * event-loop path applies the same guard). Actuator endpoints are not behind it.
 */
public final class McpSecurityFilter extends OncePerRequestFilter {

    private final McpGuard guard;

    public McpSecurityFilter(McpGuard guard) {
        this.guard = guard;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws ServletException, IOException {
        List<String> auth = Collections.list(req.getHeaders("Authorization"));
        Refusal refusal = guard.check(req.getHeader("Host"), req.getHeader("Origin"), auth);
        if (refusal != null) {
            write(resp, refusal);
            return;
        }
        chain.doFilter(req, resp);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    /** Answers the refusal (nothing when the response is already committed). */
    public static void write(HttpServletResponse resp, Refusal refusal) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.setStatus(refusal.status());
        if (refusal.challenge() != null) {
            resp.setHeader("WWW-Authenticate", refusal.challenge());
        }
        resp.setContentType("application/json");
        resp.setContentLength(refusal.body().length);
        resp.getOutputStream().write(refusal.body());
    }
}
