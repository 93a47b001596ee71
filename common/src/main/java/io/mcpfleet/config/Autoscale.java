package io.mcpfleet.config;

import java.time.Duration;

/**
 * Load-based scaling between {@code replicas.min} and {@code replicas.max}, Knative style: the
 * average load over the stable window sets the replica count; a burst above
 * {@code panicThreshold} times the target within the panic window scales up at once.
 *
 * @param enabled            whether the autoscaler acts on this service
 * @param targetInFlight     wanted calls in flight per instance
 * @param targetCpu          wanted CPU use per instance as a fraction of its limit (or of one core
 *                           without a limit); 0 ignores CPU
 * @param stableWindow       averaging window for ordinary decisions
 * @param panicWindow        short window that reacts to bursts
 * @param panicThreshold     load over target (ratio) in the panic window that triggers panic mode
 * @param scaleDownDelay     how long a lower recommendation must hold before scaling down
 * @param cooldown           the least time between two scaling steps of the same service
 */
public record Autoscale(
        boolean enabled,
        double targetInFlight,
        double targetCpu,
        Duration stableWindow,
        Duration panicWindow,
        double panicThreshold,
        Duration scaleDownDelay,
        Duration cooldown) {

    public static final Autoscale DEFAULT = new Autoscale(false, 10, 0, Duration.ofSeconds(60),
            Duration.ofSeconds(6), 2.0, Duration.ofSeconds(30), Duration.ofSeconds(5));

    public Autoscale {
        if (!(targetInFlight > 0)) {
            throw new IllegalArgumentException("autoscale.target_in_flight must be > 0, got " + targetInFlight);
        }
        if (targetCpu < 0 || targetCpu > 1) {
            throw new IllegalArgumentException("autoscale.target_cpu must be within 0-1, got " + targetCpu);
        }
        Durations.requirePositive(stableWindow, "autoscale.stable_window");
        Durations.requirePositive(panicWindow, "autoscale.panic_window");
        Durations.requirePositive(scaleDownDelay, "autoscale.scale_down_delay");
        Durations.requirePositive(cooldown, "autoscale.cooldown");
        if (panicWindow.compareTo(stableWindow) > 0) {
            throw new IllegalArgumentException("autoscale.panic_window must not be longer than autoscale.stable_window");
        }
        if (!(panicThreshold > 1)) {
            throw new IllegalArgumentException("autoscale.panic_threshold must be > 1, got " + panicThreshold);
        }
    }
}
