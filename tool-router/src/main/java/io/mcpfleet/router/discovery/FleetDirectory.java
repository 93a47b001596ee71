package io.mcpfleet.router.discovery;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.ServiceInstances;
import io.mcpfleet.api.ServiceSummary;
import java.util.List;

/**
 * The service-manager as the router sees it: what services exist, where their healthy instances
 * are, a stream of changes, and the two things the router asks of it (start a service, take an
 * activity report). Every method may throw {@link DirectoryException} when the manager cannot be
 * reached or refuses; callers keep what they know and try again later.
 */
public interface FleetDirectory {

    /** {@code GET /services}. */
    List<ServiceSummary> services();

    /** {@code GET /services/{name}/instances}. */
    ServiceInstances instances(String service);

    /** {@code POST /services/{name}/start?wait=false}: idempotent, returns before the service is ready. */
    void start(String service);

    /**
     * {@code POST /services/{name}/start?wait=false&reason=learn-tools}: a start only to learn the
     * service's tools, which the manager takes back (the service sleeps on) if it fails and no one
     * else asked for the service.
     */
    default void startToLearn(String service) {
        start(service);
    }

    /** {@code POST /activity}. */
    void reportActivity(ActivityReport report);

    /**
     * Follows {@code GET /events} until closed, reconnecting on its own with back-off. The listener
     * is told after every (re)connection, so it can resync what it may have missed.
     */
    AutoCloseable subscribe(Listener listener);

    /** Receives the event stream. Called from one thread at a time. */
    interface Listener {
        void onEvent(FleetEvent event);

        /** The stream is (re)connected: events from now on are live. */
        void onConnected();
    }
}
