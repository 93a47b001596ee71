package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.ServiceState;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one service shows the rest of the manager: the latest {@link ServiceSnapshot}, and the
 * {@link PendingEvents} collected while its worker changed it, told to the listener once the new
 * snapshot is out (so every event carries the state it led to). Worker thread only, except
 * {@link #current()}.
 */
final class SnapshotPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

    private final String service;
    private final LifecycleListener listener;
    private final PendingEvents pending;
    /** Capacity reservations to end once the instances they were for are in the published snapshot. */
    private final List<Runnable> reservations = new ArrayList<>();
    private volatile ServiceSnapshot snapshot;
    private ServiceState lastPublishedState;

    SnapshotPublisher(ServiceSnapshot first, PendingEvents pending, LifecycleListener listener) {
        this.service = first.name();
        this.pending = pending;
        this.listener = listener;
        this.snapshot = first;
        this.lastPublishedState = first.state();
    }

    /** The last published snapshot; any thread. */
    ServiceSnapshot current() {
        return snapshot;
    }

    /** Holds a capacity reservation until the next snapshot is published. */
    void reserve(Runnable release) {
        reservations.add(release);
    }

    /** Makes {@code next} the current snapshot and tells the listener what led to it. */
    void publish(ServiceSnapshot next) {
        snapshot = next;
        releaseReservations();
        if (pending.isEmpty() && next.state() == lastPublishedState) {
            return;
        }
        for (PendingEvents.Event e : pending.drain()) {
            notifyListener(next, e);
        }
        if (next.state() != lastPublishedState) {
            lastPublishedState = next.state();
            notifyListener(next, new PendingEvents.Event(FleetEventType.SERVICE_STATE, null, null,
                    "service " + service + " is " + next.state().wireName()));
        }
    }

    private void releaseReservations() {
        for (Runnable release : reservations) {
            try {
                release.run();
            } catch (RuntimeException e) {
                LOG.warn("service {}: ending a capacity reservation failed", service, e);
            }
        }
        reservations.clear();
    }

    private void notifyListener(ServiceSnapshot s, PendingEvents.Event e) {
        try {
            listener.changed(s, e.type(), e.instanceId(), e.reason(), e.message());
        } catch (RuntimeException ex) {
            LOG.warn("a lifecycle listener failed on {} of {}", e.type(), service, ex);
        }
    }
}
