package io.mcpfleet.manager.lifecycle;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.time.Instant;

/**
 * The failed starts of a service in a row, and when the next attempt may go: each failure doubles
 * the wait (1 s, 2 s, 4 s ... up to a minute). Immutable: the service replaces it on every change.
 *
 * @param failures  consecutive failed starts; from {@link #FAILURES_BEFORE_FAILED} the service is FAILED
 * @param retryAt   no new instance before this moment
 * @param permanent a failure that retrying will not fix soon (a missing image): waiters fail at once
 */
record StartBackoff(int failures, Instant retryAt, boolean permanent) {

    static final int FAILURES_BEFORE_FAILED = 3;
    static final StartBackoff NONE = new StartBackoff(0, Instant.EPOCH, false);
    /** The wait after the n-th failure in a row: 1 s, doubling, at most a minute. */
    private static final IntervalFunction WAIT = IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0,
            Duration.ofMinutes(1));
    /** Past this the wait is at its maximum anyway; the count goes on for the status. */
    private static final int LONGEST_STEP = 16;

    /** One more failed start at {@code now}. */
    StartBackoff failed(Instant now, boolean permanentFailure) {
        int f = failures + 1;
        return new StartBackoff(f, now.plusMillis(WAIT.apply(Math.min(f, LONGEST_STEP))), permanent || permanentFailure);
    }

    /** A new wish deserves a fresh attempt, not the back-off of the old one (the count stays). */
    StartBackoff renewed() {
        return new StartBackoff(failures, Instant.EPOCH, false);
    }

    /** An instance became healthy: the failures are over. */
    StartBackoff succeeded() {
        return new StartBackoff(0, retryAt, false);
    }

    /** Whether starts fail for good or too often: the service is FAILED and its waiters are told. */
    boolean failing() {
        return permanent || failures >= FAILURES_BEFORE_FAILED;
    }

    boolean due(Instant now) {
        return !now.isBefore(retryAt);
    }
}
