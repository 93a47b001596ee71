package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.InstanceState;
import io.mcpfleet.config.SleepMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to a service's instances that keep the health monitor's watch list and the event stream
 * in step with them: watching a running instance, removing one, putting one to sleep.
 */
final class Roster {

    private static final Logger LOG = LoggerFactory.getLogger(Roster.class);

    private final ManagedService svc;
    private final ServiceWorker.Collaborators with;
    private final PendingEvents events;

    Roster(ManagedService svc, ServiceWorker.Collaborators with, PendingEvents events) {
        this.svc = svc;
        this.with = with;
        this.events = events;
    }

    /** Records an instance's new state. */
    void put(Instance i) {
        svc.instances().put(i);
    }

    /** Records an instance and probes it (at the startup interval while it starts). */
    void putWatched(Instance i) {
        put(i);
        watch(i);
    }

    void watch(Instance i) {
        if (i.endpoint() == null) {
            return;
        }
        with.health().watch(new ProbeTarget(svc.name(), i.id(), i.endpoint(), svc.spec().mcp().path(),
                svc.spec().health(), i.state() == InstanceState.STARTING));
    }

    void unwatch(Instance i) {
        with.health().unwatch(i.id());
    }

    /** Removes the instance's container; one the engine cannot remove now stays known and is tried again. */
    void remove(Instance i, String reason, String message) {
        unwatch(i);
        try {
            with.actions().remove(i);
        } catch (EngineUnavailableException e) {
            throw e;
        } catch (ContainerRuntimeException e) {
            LOG.warn("service {}: {}", svc.name(), e.getMessage());
            return;
        }
        svc.instances().remove(i.id());
        events.emit(FleetEventType.INSTANCE_REMOVED, i.id(), reason, message);
    }

    /** Forgets an instance whose container is gone. */
    void forget(Instance i, String reason, String message) {
        unwatch(i);
        svc.instances().remove(i.id());
        events.emit(FleetEventType.INSTANCE_REMOVED, i.id(), reason, message);
    }

    /** Puts an instance to sleep in {@code mode}; one that will not sleep is removed instead. */
    void sleep(Instance i, SleepMode mode, String message) {
        try {
            put(with.actions().sleep(i, mode));
            events.emit(FleetEventType.INSTANCE_SLEEPING, i.id(), mode.yamlName(), message);
        } catch (EngineUnavailableException e) {
            throw e;
        } catch (ContainerRuntimeException e) {
            LOG.warn("service {}: {}; removing it instead", svc.name(), e.getMessage());
            remove(i, "sleep-failed", e.getMessage());
        }
    }
}
