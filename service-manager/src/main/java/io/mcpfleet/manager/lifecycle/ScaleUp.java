package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.InstanceState;
import io.mcpfleet.config.SleepMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a service up towards its desired instances: wakes its sleepers first (paused ones before
 * stopped ones), then creates new containers, each once the capacity gate has room for it. A
 * failed create is a failed start, backed off by {@link StartBackoff}.
 */
final class ScaleUp {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleUp.class);

    private final ManagedService svc;
    private final ServiceWorker.Collaborators with;
    private final Roster roster;
    private final PendingEvents events;
    private final SnapshotPublisher publisher;

    ScaleUp(ManagedService svc, ServiceWorker.Collaborators with, Roster roster, PendingEvents events,
            SnapshotPublisher publisher) {
        this.svc = svc;
        this.with = with;
        this.roster = roster;
        this.events = events;
        this.publisher = publisher;
    }

    /** Adds up to {@code missing} instances; stops at the first one that cannot be added now. */
    void grow(int missing) {
        List<Instance> sleepers = svc.instances().stream()
                .filter(i -> i.asleep() && svc.current(i))
                .sorted(Comparator.comparing((Instance i) -> i.state() != InstanceState.PAUSED))
                .toList();
        for (Instance sleeper : sleepers) {
            if (missing == 0) {
                return;
            }
            boolean paused = sleeper.state() == InstanceState.PAUSED;
            // A paused sleeper still holds its memory; a stopped one needs room again.
            if (!paused && !admitted()) {
                return;
            }
            try {
                Instance woken = with.actions().wake(svc.spec(), sleeper);
                roster.putWatched(woken);
                svc.noteWakeMode(paused ? SleepMode.PAUSE.yamlName() : SleepMode.STOP.yamlName());
                events.emit(FleetEventType.INSTANCE_ADDED, woken.id(), "woken", "woke container " + woken.name());
                missing--;
            } catch (ContainerRuntimeException e) {
                LOG.warn("service {}: {}; creating a new instance instead", svc.name(), e.getMessage());
                roster.remove(sleeper, "wake-failed", e.getMessage());
            }
        }
        for (; missing > 0; missing--) {
            if (!admitted()) {
                return;
            }
            try {
                Instance created = with.actions().create(svc.spec());
                roster.putWatched(created);
                svc.noteWakeMode("create");
                events.emit(FleetEventType.INSTANCE_ADDED, created.id(), "created",
                        "created container " + created.name());
            } catch (EngineUnavailableException e) {
                throw e;
            } catch (ImageNotFoundException e) {
                startFailed(e.getMessage(), true, with.clock().instant());
                return;
            } catch (ContainerRuntimeException e) {
                startFailed(e.getMessage(), false, with.clock().instant());
                return;
            }
        }
    }

    /** Records a failed start and when the next one may go. */
    void startFailed(String message, boolean permanent, Instant now) {
        StartBackoff backoff = svc.starts().failed(message, permanent, now);
        if (svc.learningFailed()) {
            LOG.warn("service {}: {}", svc.name(), svc.starts().lastError());
            return;
        }
        LOG.warn("service {}: {} (attempt {}, next in {} ms)", svc.name(), message, backoff.failures(),
                Duration.between(now, backoff.retryAt()).toMillis());
    }

    /**
     * Asks the capacity gate for room for one more running instance. Waiting for room keeps the
     * callers waiting and looks again soon; a refusal fails them with the gate's reason.
     */
    private boolean admitted() {
        Admission admission = with.gate().admit(svc.spec());
        switch (admission.verdict()) {
            case GRANTED -> {
                // Ended once the new instance is in the published snapshot (or its start failed).
                publisher.reserve(admission.release());
                return true;
            }
            case WAIT -> {
                svc.starts().waitForRoom(admission.detail());
                return false;
            }
            default -> {
                // No room: the callers get the reason now, and the service settles for what runs
                // (asleep again if it was woken), rather than retrying in the background and
                // evicting others later.
                LOG.warn("service {}: {}", svc.name(), admission.detail());
                svc.refused(admission.detail(), with.clock().instant());
                return false;
            }
        }
    }
}
