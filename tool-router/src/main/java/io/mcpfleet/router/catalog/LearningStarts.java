package io.mcpfleet.router.catalog;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the router may start a service to learn its tools: at once the first time, then, while
 * those starts teach it nothing (the manager puts a service whose learning start failed back to
 * sleep), again only after a back-off of a minute doubling up to an hour: not never, and not for
 * ever every minute.
 */
final class LearningStarts {

    static final IntervalFunction BACKOFF = IntervalFunction.ofExponentialBackoff(Duration.ofMinutes(1), 2.0,
            Duration.ofHours(1));

    private final Clock clock;
    private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();

    /** The attempts so far, and when the next may go. */
    record Attempts(int count, Instant notBefore) {
    }

    LearningStarts(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes the next attempt for the service if it is due: its number (1 for the first) and how
     * long after it the next one may go; empty if not yet due.
     */
    synchronized Optional<Attempts> begin(String service) {
        Instant now = clock.instant();
        Attempts last = attempts.get(service);
        if (last != null && now.isBefore(last.notBefore())) {
            return Optional.empty();
        }
        int count = last == null ? 1 : last.count() + 1;
        // Clamped: the function iterates once per step, and from the seventh step the wait is an hour anyway.
        Attempts next = new Attempts(count, now.plusMillis(BACKOFF.apply(Math.min(count, 16))));
        attempts.put(service, next);
        return Optional.of(next);
    }

    /** The service's tools are known: a later need (a new image with no tools yet) starts afresh. */
    void learned(String service) {
        attempts.remove(service);
    }
}
