package io.mcpfleet.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The state of a service as a whole. */
public enum ServiceState {
    /** Nothing runs and nothing is wanted (never started, or stopped by the API). */
    STOPPED,
    /** Instances are wanted and none is healthy yet. */
    STARTING,
    /** As many healthy instances as wanted. */
    RUNNING,
    /** Some, not all, wanted instances are healthy. */
    DEGRADED,
    /** Going to sleep: new calls are no longer routed, in-flight calls are finishing. */
    DRAINING,
    /** Asleep (stopped or paused) and woken by the next call. */
    SLEEPING,
    /** Waking from sleep. */
    WAKING,
    /** Instances are wanted but cannot be started (bad image, engine refused, crash loop). */
    FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
