package io.mcpfleet.manager.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over a limit before anything reads them: the API's bodies are a few
 * hundred bytes (an activity report of a large fleet a few hundred kilobytes), so a huge body is a
 * mistake or an attack, and must not cost the manager memory.
 */
public final class RequestSizeFilter extends OncePerRequestFilter {

    private final long maxBytes;

    public RequestSizeFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The bridge's endpoints carry MCP messages, whose size each stdio service bounds itself
     * ({@code stdio.max_message_size}, checked as the body is read).
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/bridge/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes || chunked) {
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setContentType("application/problem+json");
            response.setHeader("Connection", "close");
            response.getWriter().write("{\"type\":\"https://mcpfleet.io/problems/too-large\",\"title\":\"Body too large\","
                    + "\"status\":413,\"detail\":\"request bodies are limited to " + maxBytes + " bytes"
                    + (chunked ? " and must carry a Content-Length" : "") + "\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
