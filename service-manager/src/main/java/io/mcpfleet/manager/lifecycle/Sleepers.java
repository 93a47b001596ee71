package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.InstanceState;
import io.mcpfleet.config.SleepMode;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stopped or paused containers a sleeping service keeps to wake: kept only while it sleeps and
 * only with the current spec; stopped too when the memory budget evicts the service.
 */
final class Sleepers {

    private static final Logger LOG = LoggerFactory.getLogger(Sleepers.class);

    private final ManagedService svc;
    private final Roster roster;

    Sleepers(ManagedService svc, Roster roster) {
        this.svc = svc;
        this.roster = roster;
    }

    /** Sleepers are kept only while the service sleeps, and only with the current spec. */
    void removeUnneeded() {
        long active = svc.instances().active();
        boolean surplus = !svc.asleep() && (svc.desired() == 0 || active >= svc.desired());
        for (Instance i : svc.instances().all()) {
            if (!i.asleep()) {
                continue;
            }
            boolean stale = !svc.current(i);
            if (stale || surplus) {
                roster.remove(i, stale ? "rolled" : "stopped", "removed sleeping container " + i.name());
            }
        }
    }

    /** An evicted service gives its memory back: paused sleepers are stopped (they stay sleepers). */
    void stopPausedIfEvicted() {
        if (!svc.evictedAsleep()) {
            return;
        }
        for (Instance i : svc.instances().all()) {
            if (i.asleep() && i.state() == InstanceState.PAUSED) {
                roster.sleep(i, SleepMode.STOP, "paused container " + i.name() + " stopped to free its memory");
            }
        }
    }

    /** Logs the sleep once every instance sleeps. */
    void finishSleep(Instant now) {
        Transition slept = svc.finishSleep(now);
        if (slept != null) {
            LOG.info("service {} sleeps ({}, {})", svc.name(), slept.mode(), slept.reason());
        }
    }
}
