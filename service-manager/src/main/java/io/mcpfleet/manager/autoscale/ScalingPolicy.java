package io.mcpfleet.manager.autoscale;

import io.mcpfleet.config.Autoscale;
import io.mcpfleet.config.Replicas;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The Knative-style decisions for one service, fed one {@link LoadSample} a second.
 *
 * <ul>
 *   <li>desired = ceil(average load / target), for calls in flight and (when {@code target_cpu} is
 *       set) CPU, the larger of the two, within [max(min, 1), max];</li>
 *   <li>over the stable window (60 s) for ordinary decisions; over the panic window (6 s) to catch
 *       bursts: when the panic window wants at least {@code panic_threshold} times the current count,
 *       the service panics: it scales up to the panic figure at once (cooldown or not) and never
 *       down, until a stable window has passed without the burst condition;</li>
 *   <li>down only after a lower figure has held for {@code scale_down_delay}, to the highest figure
 *       seen in that time, and at most halving per step;</li>
 *   <li>no step within {@code cooldown} of the previous one.</li>
 * </ul>
 * Going to zero is the sleep policy's business, never this one's. Not thread-safe: one autoscaler
 * thread drives it.
 */
final class ScalingPolicy {

    private static final double EPSILON = 1e-9;

    private LoadWindow window;
    private Duration windowSpan;
    private Duration cooldown = Duration.ZERO;
    private boolean panicking;
    private Instant lastPanicSignal;
    private Instant lastStep;
    /** When the current run of lower figures began, and the highest of them. */
    private Instant lowerSince;
    private int highestLower;

    /**
     * @param current     the replicas wanted now (at least 1: a sleeping service is not scaled)
     * @param cpuCapacity one instance's CPU in cores: its limit, or 1 without one
     */
    Optional<ScaleDecision> decide(LoadSample sample, int current, Autoscale cfg, Replicas bounds,
                                   double cpuCapacity) {
        record(sample, cfg);
        return decide(sample.at(), current, cfg, bounds, cpuCapacity);
    }

    /** Adds a sample without deciding (while the last step is still being carried out). */
    void record(LoadSample sample, Autoscale cfg) {
        windowFor(cfg).add(sample);
    }

    private Optional<ScaleDecision> decide(Instant now, int current, Autoscale cfg, Replicas bounds,
                                           double cpuCapacity) {
        int lo = Math.max(1, bounds.min());
        int hi = bounds.max();
        if (current < lo || current > hi) {
            int to = Math.max(lo, Math.min(hi, current));
            return step(now, to, current, "bounds", "replicas " + current + " outside " + lo + "-" + hi, true);
        }
        double stableCalls = window.average(now, cfg.stableWindow(), LoadSample::inFlight);
        double stableCpu = window.average(now, cfg.stableWindow(), LoadSample::cpuCores);
        double panicCalls = window.average(now, cfg.panicWindow(), LoadSample::inFlight);
        double panicCpu = window.average(now, cfg.panicWindow(), LoadSample::cpuCores);
        int stable = clamp(wanted(stableCalls, stableCpu, cfg, cpuCapacity), lo, hi);
        int panicRaw = wanted(panicCalls, panicCpu, cfg, cpuCapacity);

        if (panicRaw >= cfg.panicThreshold() * current) {
            lastPanicSignal = now;
            panicking = true;
        } else if (panicking && !now.isBefore(lastPanicSignal.plus(cfg.stableWindow()))) {
            panicking = false;
        }

        int desired = panicking ? Math.max(Math.max(current, stable), clamp(panicRaw, lo, hi)) : stable;
        String figures = panicking
                ? describe(panicCalls, panicCpu, cfg, cfg.panicWindow(), current)
                : describe(stableCalls, stableCpu, cfg, cfg.stableWindow(), current);
        if (desired > current) {
            lowerSince = null;
            // A burst does not wait out the cooldown: each second of panic may add instances.
            return step(now, desired, current, panicking ? "panic" : "load", figures, !panicking);
        }
        if (desired == current || panicking) {
            lowerSince = null;
            return Optional.empty();
        }
        if (lowerSince == null) {
            lowerSince = now;
            highestLower = desired;
        }
        highestLower = Math.max(highestLower, desired);
        if (now.isBefore(lowerSince.plus(cfg.scaleDownDelay()))) {
            return Optional.empty();
        }
        int to = Math.max(highestLower, Math.max(lo, (current + 1) / 2));
        return step(now, to, current, "load", figures + ", lower for " + cfg.scaleDownDelay().toSeconds() + " s",
                true);
    }

    boolean panicking() {
        return panicking;
    }

    /** Forgets everything: the service went to sleep (or was stopped) and will start afresh. */
    void reset() {
        if (window != null) {
            window.clear();
        }
        panicking = false;
        lastPanicSignal = null;
        lowerSince = null;
        // lastStep is kept: a cooldown outlives a sleep.
    }

    private Optional<ScaleDecision> step(Instant now, int to, int current, String reason, String detail,
                                         boolean cool) {
        if (to == current || (cool && lastStep != null && now.isBefore(lastStep.plus(cooldown)))) {
            return Optional.empty();
        }
        lastStep = now;
        lowerSince = null;
        return Optional.of(new ScaleDecision(to, to > current ? "up" : "down", reason, detail));
    }

    private LoadWindow windowFor(Autoscale cfg) {
        cooldown = cfg.cooldown();
        // The settings may change (a reloaded services.yml): a new span starts a new window.
        if (window == null || !cfg.stableWindow().equals(windowSpan)) {
            window = new LoadWindow(cfg.stableWindow());
            windowSpan = cfg.stableWindow();
        }
        return window;
    }

    private static int wanted(double calls, double cpu, Autoscale cfg, double cpuCapacity) {
        int byCalls = Double.isNaN(calls) ? 0 : (int) Math.ceil(calls / cfg.targetInFlight() - EPSILON);
        int byCpu = cfg.targetCpu() <= 0 || Double.isNaN(cpu) ? 0
                : (int) Math.ceil(cpu / (cfg.targetCpu() * cpuCapacity) - EPSILON);
        return Math.max(byCalls, byCpu);
    }

    private static int clamp(int n, int lo, int hi) {
        return Math.max(lo, Math.min(hi, n));
    }

    private static String describe(double calls, double cpu, Autoscale cfg, Duration over, int current) {
        String text = String.format(Locale.ROOT, "%.1f calls in flight over %d s (target %s per instance)",
                Double.isNaN(calls) ? 0 : calls, over.toSeconds(), trim(cfg.targetInFlight()));
        if (cfg.targetCpu() > 0 && !Double.isNaN(cpu)) {
            text += String.format(Locale.ROOT, ", %.2f cores (target %s of an instance's CPU)", cpu,
                    trim(cfg.targetCpu()));
        }
        return text + ", " + current + (current == 1 ? " instance" : " instances");
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
