package io.mcpfleet.api;

/** The values of {@link FleetEvent#type()}. */
public final class FleetEventType {
    /** The service state changed. */
    public static final String SERVICE_STATE = "service_state";
    /** A container was created (or adopted) for the service. */
    public static final String INSTANCE_ADDED = "instance_added";
    /** An instance became healthy (routable unless draining). */
    public static final String INSTANCE_HEALTHY = "instance_healthy";
    /** An instance failed its health check past the threshold. */
    public static final String INSTANCE_UNHEALTHY = "instance_unhealthy";
    /** An instance stopped taking new calls before it sleeps or is removed. */
    public static final String INSTANCE_DRAINING = "instance_draining";
    /** An instance was paused or stopped to sleep. */
    public static final String INSTANCE_SLEEPING = "instance_sleeping";
    /** An instance exited or was removed. */
    public static final String INSTANCE_REMOVED = "instance_removed";
    /** The desired replica count changed (API, autoscaler, sleep or wake). */
    public static final String SCALED = "scaled";
    /** The manager (re)started and adopted what runs; sent once per service to every new subscriber. */
    public static final String SNAPSHOT = "snapshot";

    private FleetEventType() {
    }
}
