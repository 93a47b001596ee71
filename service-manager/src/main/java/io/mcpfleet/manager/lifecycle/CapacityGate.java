package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.config.ServiceSpec;

/**
 * Whether the fleet has room for one more running instance of a service (the memory budget).
 * A service's worker asks before it creates an instance or starts a stopped sleeper; a paused
 * sleeper already holds its memory and wakes without asking.
 *
 * <p>Called on the asking service's worker: implementations must not block on other services
 * (ask them to make room, and answer {@link Admission#waitFor}), and must be thread-safe, since
 * every service's worker may ask at once.
 */
public interface CapacityGate {

    Admission admit(ServiceSpec spec);

    /** Room for everything. */
    CapacityGate UNLIMITED = spec -> Admission.granted(() -> { });
}
