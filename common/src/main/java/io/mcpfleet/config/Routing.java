package io.mcpfleet.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the router treats calls to this service.
 *
 * @param balancing   instance selection strategy
 * @param callTimeout how long one {@code tools/call} may take end to end before the caller gets a timeout error
 * @param retry       when a failed call may be replayed on another instance
 * @param maxAttempts the most instances one call may be tried on (1 = no replay)
 * @param queueLimit  the most calls held for this service while it wakes; more are refused at once
 * @param wakeTimeout how long a held call waits for the service to wake before it gets a retryable error
 */
public record Routing(
        Balancing balancing,
        Duration callTimeout,
        RetryPolicy retry,
        int maxAttempts,
        int queueLimit,
        Duration wakeTimeout) {

    public static final Routing DEFAULT = new Routing(Balancing.LEAST_CONNECTIONS, Duration.ofSeconds(120),
            RetryPolicy.AUTO, 3, 256, Duration.ofSeconds(60));

    public Routing {
        Objects.requireNonNull(balancing, "routing.balancing");
        Objects.requireNonNull(retry, "routing.retry");
        Durations.requirePositive(callTimeout, "routing.call_timeout");
        Durations.requirePositive(wakeTimeout, "routing.wake_timeout");
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("routing.max_attempts must be within 1-10, got " + maxAttempts);
        }
        if (queueLimit < 1) {
            throw new IllegalArgumentException("routing.queue_limit must be >= 1, got " + queueLimit);
        }
    }
}
