package io.mcpfleet.config;

import java.time.Duration;
import java.util.List;

/** How a service behaves over time: {@code sleep_policy}, {@code routing}, {@code autoscale}. */
final class PolicyReader {

    static final List<String> SLEEP_POLICY = List.of("enabled", "idle_timeout", "priority", "mode", "drain_timeout");
    static final List<String> ROUTING = List.of("balancing", "call_timeout", "retry", "max_attempts", "queue_limit",
            "wake_timeout");
    static final List<String> AUTOSCALE = List.of("enabled", "target_in_flight", "target_cpu", "stable_window",
            "panic_window", "panic_threshold", "scale_down_delay", "cooldown");

    /** Routing's own bound on attempts (see {@link Routing}). */
    static final int MAX_ATTEMPTS = 10;
    /** Far beyond what one service should hold while it wakes; a typo guard, not a tuning limit. */
    static final int MAX_QUEUE_LIMIT = 100_000;

    private PolicyReader() {
    }

    static SleepPolicy sleepPolicy(Section service) {
        return service.section("sleep_policy", SLEEP_POLICY).map(s -> {
            SleepPolicy d = SleepPolicy.DEFAULT;
            boolean enabled = s.bool("enabled", d.enabled());
            Duration idleTimeout = s.duration("idle_timeout", d.idleTimeout());
            Priority priority = s.choice("priority", d.priority());
            SleepMode mode = s.choice("mode", d.mode());
            Duration drainTimeout = s.duration("drain_timeout", d.drainTimeout());
            return s.build(() -> new SleepPolicy(enabled, idleTimeout, priority, mode, drainTimeout), d);
        }).orElse(SleepPolicy.DEFAULT);
    }

    static Routing routing(Section service) {
        return service.section("routing", ROUTING).map(s -> {
            Routing d = Routing.DEFAULT;
            Balancing balancing = s.choice("balancing", d.balancing());
            Duration callTimeout = s.duration("call_timeout", d.callTimeout());
            RetryPolicy retry = s.choice("retry", d.retry());
            int maxAttempts = s.integer("max_attempts", d.maxAttempts(), 1, MAX_ATTEMPTS);
            int queueLimit = s.integer("queue_limit", d.queueLimit(), 1, MAX_QUEUE_LIMIT);
            Duration wakeTimeout = s.duration("wake_timeout", d.wakeTimeout());
            return s.build(() -> new Routing(balancing, callTimeout, retry, maxAttempts, queueLimit, wakeTimeout), d);
        }).orElse(Routing.DEFAULT);
    }

    static Autoscale autoscale(Section service) {
        return service.section("autoscale", AUTOSCALE).map(s -> {
            Autoscale d = Autoscale.DEFAULT;
            boolean enabled = s.bool("enabled", d.enabled());
            double targetInFlight = s.decimal("target_in_flight", d.targetInFlight(), v -> v > 0, "must be greater than 0");
            double targetCpu = s.decimal("target_cpu", d.targetCpu(), v -> v >= 0 && v <= 1,
                    "must be a fraction between 0 and 1 (0.7 is 70% of the limit; 0 ignores CPU)");
            Duration stableWindow = s.duration("stable_window", d.stableWindow());
            Duration panicWindow = s.duration("panic_window", d.panicWindow());
            double panicThreshold = s.decimal("panic_threshold", d.panicThreshold(), v -> v > 1,
                    "must be greater than 1 (2.0 panics at twice the target load)");
            Duration scaleDownDelay = s.duration("scale_down_delay", d.scaleDownDelay());
            Duration cooldown = s.duration("cooldown", d.cooldown());
            if (panicWindow.compareTo(stableWindow) > 0) {
                s.problem(s.has("panic_window") ? "panic_window" : "stable_window",
                        "panic_window (" + DurationParser.format(panicWindow) + ") must not be longer than stable_window ("
                                + DurationParser.format(stableWindow) + ")");
                return d;
            }
            return s.build(() -> new Autoscale(enabled, targetInFlight, targetCpu, stableWindow, panicWindow,
                    panicThreshold, scaleDownDelay, cooldown), d);
        }).orElse(Autoscale.DEFAULT);
    }
}
