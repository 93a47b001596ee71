package io.mcpfleet.manager.lifecycle;

/**
 * Told of every change of a service, on the service's worker thread, in order. Implementations
 * (the event stream, metrics) must be quick and must not call back into the lifecycle.
 */
public interface LifecycleListener {

    /**
     * @param snapshot   the service after the change
     * @param type       a {@link io.mcpfleet.api.FleetEventType} value
     * @param instanceId the instance concerned, or {@code null}
     * @param reason     a short machine-readable reason, or {@code null}
     * @param message    a sentence for people, or {@code null}
     */
    void changed(ServiceSnapshot snapshot, String type, String instanceId, String reason, String message);
}
