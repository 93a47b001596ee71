package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.config.SleepMode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Instances on their way out: which ones to drain (the least busy), when a drain is over (the
 * routers report no calls left, or its deadline passed), and what then happens to them (removed,
 * or put to sleep). A call that arrives while the service drains to sleep cancels the drain.
 */
final class Drains {

    private final ManagedService svc;
    private final InstanceLoad load;
    private final Roster roster;
    private final PendingEvents events;

    Drains(ManagedService svc, InstanceLoad load, Roster roster, PendingEvents events) {
        this.svc = svc;
        this.load = load;
        this.roster = roster;
        this.events = events;
    }

    /** Begins draining {@code count} of the candidates, least busy first. */
    void drainLeastBusy(List<Instance> candidates, int count, Instance.Drain.Purpose purpose, Instant now,
                        String reason) {
        if (count <= 0) {
            return;
        }
        // Least busy first: an instance not yet serving, then the one with the fewest calls in flight,
        // then the newest (the oldest has the warmest caches).
        List<Instance> victims = candidates.stream()
                .sorted(Comparator.comparing((Instance i) -> i.routable())
                        .thenComparingInt(i -> load.inFlight(i.id()))
                        .thenComparing(Instance::started, Comparator.nullsFirst(Comparator.reverseOrder())))
                .limit(count)
                .toList();
        for (Instance victim : victims) {
            Instance.Drain drain = new Instance.Drain(purpose, now, now.plus(svc.spec().sleepPolicy().drainTimeout()),
                    victim.mayHaveCalls());
            roster.put(victim.withDrain(drain));
            events.emit(FleetEventType.INSTANCE_DRAINING, victim.id(), reason, "draining container " + victim.name());
        }
    }

    /**
     * A call that arrives while the service drains to sleep cancels the sleep: the draining
     * instances serve again at once, which beats letting them sleep and waking them.
     */
    void cancelSleepDrains() {
        if (svc.asleep() || svc.desired() == 0) {
            return;
        }
        long active = svc.instances().active();
        for (Instance i : svc.instances().all()) {
            if (active >= svc.desired()) {
                return;
            }
            if (i.drain() != null && i.drain().purpose() == Instance.Drain.Purpose.SLEEP && svc.current(i)) {
                Instance back = i.undrained();
                roster.putWatched(back);
                active++;
                // A cancelled sleep, not a wake: nothing slept.
                svc.sleepCancelled();
                events.emit(back.routable() ? FleetEventType.INSTANCE_HEALTHY : FleetEventType.INSTANCE_ADDED, i.id(),
                        "sleep-cancelled", "container " + i.name() + " serves again: a call arrived while it drained");
            }
        }
    }

    /** Ends the drains that are over: a sleeper-to-be sleeps, anything else is removed. */
    void finishDrains(Instant now) {
        for (Instance i : svc.instances().all()) {
            if (i.drain() == null) {
                continue;
            }
            // An instance never healthy since its start has served nothing; everything else waits for the routers.
            boolean done = !i.drain().mayHaveCalls() || load.drained(i.id(), i.drain().since())
                    || !now.isBefore(i.drain().deadline());
            if (!done) {
                continue;
            }
            if (i.drain().purpose() == Instance.Drain.Purpose.SLEEP && svc.current(i)) {
                SleepMode mode = svc.sleepMode();
                roster.unwatch(i);
                roster.sleep(i, mode, "container " + i.name() + " sleeps (" + mode.yamlName() + ")");
            } else {
                roster.remove(i, "drained", "removed container " + i.name() + " after draining");
            }
        }
    }
}
