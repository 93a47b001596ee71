package io.mcpfleet.manager.lifecycle;

/** The health monitor as the lifecycle drives it: which instances to probe, and how fast. */
public interface HealthWatch {

    /** Starts (or re-targets) probing of an instance; results go to the sink given at {@link #start}. */
    void watch(ProbeTarget target);

    /** Stops probing an instance. */
    void unwatch(String instanceId);

    /** Begins delivering results. */
    void start(ProbeSink sink);

    /** Receives probe results. */
    @FunctionalInterface
    interface ProbeSink {
        /**
         * @param seconds the probe's duration, or {@code null} when it got no answer
         * @param detail  why it failed, or {@code null}
         */
        void result(String service, String instanceId, boolean healthy, Double seconds, String detail);
    }
}
