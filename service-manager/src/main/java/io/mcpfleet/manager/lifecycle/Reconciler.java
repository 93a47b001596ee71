package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.HealthStatus;
import io.mcpfleet.api.InstanceState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges one service's containers to what is wanted: looks at the engine (unless told it need
 * not), removes broken instances, adds missing ones, rolls stale ones once their replacements are
 * healthy, drains the surplus, then publishes the result and settles the waiters. Level-triggered:
 * each run looks at what is there now, so a missed event is healed by the next run.
 */
final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ManagedService svc;
    private final EngineObserver observer;
    private final ScaleUp scaleUp;
    private final Drains drains;
    private final Sleepers sleepers;
    private final Roster roster;
    private final SnapshotPublisher publisher;
    private final Waiters waiters;
    private final Clock clock;

    Reconciler(ManagedService svc, EngineObserver observer, ScaleUp scaleUp, Drains drains, Sleepers sleepers,
               Roster roster, SnapshotPublisher publisher, Waiters waiters, Clock clock) {
        this.svc = svc;
        this.observer = observer;
        this.scaleUp = scaleUp;
        this.drains = drains;
        this.sleepers = sleepers;
        this.roster = roster;
        this.publisher = publisher;
        this.waiters = waiters;
        this.clock = clock;
    }

    /**
     * @param listFirst whether to list the engine's containers first; a wake skips it (5-20 ms on
     *                  the caller's path) and acts on what the worker knows: a sleeper that vanished
     *                  fails to wake and is replaced, and the next reconcile (the first probe result,
     *                  or the tick 200 ms later) lists again
     */
    void reconcile(boolean listFirst) {
        Instant now = clock.instant();
        try {
            if (listFirst) {
                observer.observe();
            }
            converge(now);
        } catch (EngineUnavailableException e) {
            svc.starts().engineFailed(e.getMessage());
            LOG.warn("service {}: {}", svc.name(), e.getMessage());
            // Callers waiting for a start, a stop or a sleep get the reason now; what they asked
            // for is carried out once the engine is back.
            waiters.failAll(e);
        }
    }

    /** Publishes the service as it is now, then settles the waiters: whoever they wake sees this state. */
    void publishAndSettle() {
        publisher.publish(svc.snapshot(clock.instant()));
        waiters.settle(svc, publisher.current());
    }

    private void converge(Instant now) {
        svc.starts().stopWaitingForRoom();
        removeBroken(now);
        drains.cancelSleepDrains();
        drains.finishDrains(now);
        List<Instance> active = svc.instances().stream().filter(Instance::active).toList();
        List<Instance> current = active.stream().filter(svc::current).toList();
        List<Instance> stale = active.stream().filter(i -> !svc.current(i)).toList();
        int want = svc.desired();

        if (current.size() < want && svc.starts().backoff().due(now)) {
            scaleUp.grow(want - current.size());
        }
        // Rolling update: a stale instance goes once a current one is healthy in its place.
        long healthyCurrent = svc.instances().stream().filter(i -> i.routable() && svc.current(i)).count();
        int staleToRemove = (int) (stale.size() - Math.max(0, want - healthyCurrent));
        drains.drainLeastBusy(stale, staleToRemove, Instance.Drain.Purpose.REMOVE, now, "rolled");
        if (current.size() > want) {
            Instance.Drain.Purpose purpose = svc.asleep() ? Instance.Drain.Purpose.SLEEP : Instance.Drain.Purpose.REMOVE;
            drains.drainLeastBusy(current, current.size() - want, purpose, now, svc.asleep() ? "sleep" : "scale-in");
        }
        sleepers.removeUnneeded();
        drains.finishDrains(now);
        sleepers.stopPausedIfEvicted();
        sleepers.finishSleep(now);
        publishAndSettle();
    }

    private void removeBroken(Instant now) {
        var check = svc.spec().health();
        for (Instance i : svc.instances().all()) {
            boolean crashed = i.state() == InstanceState.EXITED && !i.asleep();
            boolean stuckPaused = i.state() == InstanceState.PAUSED && !i.asleep();
            boolean unhealthy = i.state() == InstanceState.RUNNING && i.health() == HealthStatus.UNHEALTHY;
            boolean startTimedOut = i.state() == InstanceState.STARTING && i.started() != null
                    && now.isAfter(startingSince(i).plus(check.startupTimeout()));
            if (!(crashed || stuckPaused || unhealthy || startTimedOut)) {
                continue;
            }
            String why = crashed ? "crashed" : stuckPaused ? "paused" : unhealthy ? "unhealthy" : "startup-timeout";
            boolean startFailure = startTimedOut || (crashed && i.health() != HealthStatus.HEALTHY
                    && i.started() != null && now.isBefore(i.started().plus(check.startupTimeout())));
            if (startFailure) {
                String probe = svc.instances().probeFailure(i.id());
                scaleUp.startFailed("instance " + i.name() + (startTimedOut
                        ? " did not become healthy within " + check.startupTimeout().toSeconds() + " s"
                        : " exited before it became healthy") + (probe == null ? "" : "; its last probe: " + probe),
                        false, now);
            }
            roster.remove(i, why, "removed container " + i.name() + " (" + why + ")");
        }
    }

    /**
     * Where an instance's startup timeout counts from: its start, but no earlier than its adoption
     * (a container that has run for hours is not late for its first probe by this manager).
     */
    private Instant startingSince(Instance i) {
        return svc.adoptedAt() != null && svc.adoptedAt().isAfter(i.started()) ? svc.adoptedAt() : i.started();
    }
}
