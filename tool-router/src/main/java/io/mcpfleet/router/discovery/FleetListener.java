package io.mcpfleet.router.discovery;

/** Told when the router's view of a service changes. Must be quick and must not throw. */
public interface FleetListener {

    /**
     * A service was added or changed.
     *
     * @param before the previous view, or {@code null} for a new service
     * @param after  the current view
     */
    void serviceChanged(ServiceView before, ServiceView after);

    /** The manager no longer lists the service. */
    default void serviceRemoved(ServiceView last) {
    }
}
