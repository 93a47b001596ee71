package io.mcpfleet.manager.lifecycle;

import java.time.Instant;

/**
 * What the routers report about calls in flight, as the lifecycle needs it to drain instances
 * and to pick the least busy one on scale-in.
 */
public interface InstanceLoad {

    /** Calls in flight on an instance, over every router that reported recently. */
    int inFlight(String instanceId);

    /**
     * Whether every router that may still send calls has reported since {@code since} and shows no
     * call in flight on the instance: then a drain that began at {@code since} is complete.
     */
    boolean drained(String instanceId, Instant since);

    InstanceLoad NONE = new InstanceLoad() {
        @Override
        public int inFlight(String instanceId) {
            return 0;
        }

        @Override
        public boolean drained(String instanceId, Instant since) {
            return true;
        }
    };
}
