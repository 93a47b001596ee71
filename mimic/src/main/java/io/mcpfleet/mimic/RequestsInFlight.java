package io.mcpfleet.mimic;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts the MCP requests being answered, so that stopping can wait for them. The SDK's POST
 * handling returns only once the answer is written (the SSE stream of a call included), while a
 * GET listening stream returns at once, so long-lived GET streams never hold a stop up.
 */
final class RequestsInFlight extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private int active;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        synchronized (this) {
            active++;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            synchronized (this) {
                active--;
                notifyAll();
            }
        }
    }

    /**
     * Waits until no request is being answered, or the grace period is over. Without it, a call
     * released by the stop ({@code hang}) would lose its error answer to the SDK closing its
     * sessions, and an SDK client would wait for its own timeout on a cleanly ended stream.
     */
    synchronized void awaitIdle(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (active > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
