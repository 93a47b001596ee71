package io.mcpfleet.manager.logs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: {@code perSecond} lines a second on average, {@code burst} at once (the tail a
 * follow begins with). Thread-safe.
 */
final class RateLimit {

    private final Clock clock;
    private final double perSecond;
    private final double burst;
    private double tokens;
    private Instant refilled;

    RateLimit(Clock clock, int perSecond, int burst) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilled = clock.instant();
    }

    /** Takes one token if there is one. */
    synchronized boolean tryTake() {
        Instant now = clock.instant();
        if (now.isAfter(refilled)) {
            double seconds = Duration.between(refilled, now).toNanos() / 1e9;
            tokens = Math.min(burst, tokens + seconds * perSecond);
            refilled = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
