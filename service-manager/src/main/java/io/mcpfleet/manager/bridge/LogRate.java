package io.mcpfleet.manager.bridge;

import java.time.Clock;

/**
 * A token bucket for log lines: at most {@code perSecond} a second, in bursts of as many, and a
 * count of what was held back, so that a process writing garbage in a loop cannot flood the log.
 * Not thread-safe: each user calls it from one thread.
 */
final class LogRate {

    private final int perSecond;
    private final Clock clock;
    private double tokens;
    private long lastRefill;
    private long suppressed;

    LogRate(int perSecond, Clock clock) {
        this.perSecond = perSecond;
        this.clock = clock;
        this.tokens = perSecond;
        this.lastRefill = clock.millis();
    }

    /**
     * Whether to log one more line now. When it is, {@link #takeSuppressed()} says how many were
     * held back before it.
     */
    boolean allow() {
        long now = clock.millis();
        tokens = Math.min(perSecond, tokens + (now - lastRefill) * perSecond / 1000.0);
        lastRefill = now;
        if (tokens < 1) {
            suppressed++;
            return false;
        }
        tokens--;
        return true;
    }

    /** How many lines were held back since the last call. */
    long takeSuppressed() {
        long n = suppressed;
        suppressed = 0;
        return n;
    }

    int perSecond() {
        return perSecond;
    }
}
