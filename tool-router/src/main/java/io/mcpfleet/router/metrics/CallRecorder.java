package io.mcpfleet.router.metrics;

/** Records routed calls as they end: {@link RouterMetrics} in the router, a list in unit tests. */
@FunctionalInterface
public interface CallRecorder {

    /**
     * @param service the owning service, or {@link RouterMetrics#UNKNOWN}
     * @param name    what the call addressed at the service (the tool), or {@link RouterMetrics#UNKNOWN}
     */
    void record(String service, String name, Outcome outcome, long nanos);

    /** Counts how a call offered to an event loop went. */
    default void loopStart(LoopStart how) {
    }
}
