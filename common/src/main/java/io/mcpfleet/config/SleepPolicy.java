package io.mcpfleet.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When an idle service is put to sleep.
 *
 * @param enabled      whether the service sleeps when idle at all
 * @param idleTimeout  how long the service must have had no call in flight, no open stream and no
 *                     bound session before it sleeps
 * @param priority     eviction order under memory pressure
 * @param mode         stop or pause
 * @param drainTimeout how long in-flight calls may take to finish once draining starts
 */
public record SleepPolicy(boolean enabled, Duration idleTimeout, Priority priority, SleepMode mode, Duration drainTimeout) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    public static final SleepPolicy DEFAULT =
            new SleepPolicy(true, DEFAULT_IDLE_TIMEOUT, Priority.NORMAL, SleepMode.STOP, DEFAULT_DRAIN_TIMEOUT);

    public SleepPolicy {
        Durations.requirePositive(idleTimeout, "sleep_policy.idle_timeout");
        Durations.requirePositive(drainTimeout, "sleep_policy.drain_timeout");
        Objects.requireNonNull(priority, "sleep_policy.priority");
        Objects.requireNonNull(mode, "sleep_policy.mode");
    }
}
