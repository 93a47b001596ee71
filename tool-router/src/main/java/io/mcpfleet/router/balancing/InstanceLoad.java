package io.mcpfleet.router.balancing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live load of one instance: calls in flight and a latency average. Updated on the hot path
 * with atomics only.
 */
public final class InstanceLoad {

    /** Weight of the newest sample in the latency average. */
    private static final double ALPHA = 0.2;

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile double latencyMillis = Double.NaN;

    public int inFlight() {
        return inFlight.get();
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    public void ended() {
        inFlight.decrementAndGet();
    }

    /** Exponentially weighted moving average of call latency; NaN before the first call. */
    public double latencyMillis() {
        return latencyMillis;
    }

    /** Adds a latency sample. Racy by design: a lost update only skews an average. */
    public void record(long nanos) {
        double sample = nanos / 1_000_000.0;
        double current = latencyMillis;
        latencyMillis = Double.isNaN(current) ? sample : current + ALPHA * (sample - current);
    }
}
