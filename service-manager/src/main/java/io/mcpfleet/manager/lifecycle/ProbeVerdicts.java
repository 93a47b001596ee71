package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.HealthStatus;
import io.mcpfleet.api.InstanceState;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns probe results into an instance's health: a starting instance is healthy at its first
 * passing probe (and the service's start or wake is over); a running one changes only past the
 * service's healthy or unhealthy threshold.
 */
final class ProbeVerdicts {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeVerdicts.class);

    private final ManagedService svc;
    private final Roster roster;
    private final PendingEvents events;
    private final Clock clock;

    ProbeVerdicts(ManagedService svc, Roster roster, PendingEvents events, Clock clock) {
        this.svc = svc;
        this.roster = roster;
        this.events = events;
        this.clock = clock;
    }

    /** Whether the instance is one whose probes count: it starts, runs or drains. */
    static boolean probed(Instance i) {
        return i != null && Instances.running(i);
    }

    void apply(Instance i, boolean healthy, Double seconds, String detail) {
        var check = svc.spec().health();
        svc.instances().probed(i.id(), healthy ? null : detail == null ? "no detail" : detail);
        if (!healthy) {
            int failures = i.failures() + 1;
            boolean becomesUnhealthy = i.health() == HealthStatus.HEALTHY && failures >= check.unhealthyThreshold();
            roster.put(i.withProbe(becomesUnhealthy ? HealthStatus.UNHEALTHY : i.health(), failures, 0, seconds));
            if (becomesUnhealthy) {
                events.emit(FleetEventType.INSTANCE_UNHEALTHY, i.id(), "probe",
                        "container " + i.name() + " failed " + failures + " health checks: " + detail);
            }
            return;
        }
        int successes = i.successes() + 1;
        boolean becomesHealthy = i.health() != HealthStatus.HEALTHY
                && (i.state() == InstanceState.STARTING || successes >= check.healthyThreshold());
        Instance next = i.withProbe(becomesHealthy ? HealthStatus.HEALTHY : i.health(), 0, successes, seconds);
        if (!becomesHealthy) {
            roster.put(next);
            return;
        }
        svc.healthyInstance(clock.instant());
        if (next.state() == InstanceState.STARTING) {
            next = next.withState(InstanceState.RUNNING);
            Transition woke = svc.started(clock.instant());
            if (woke != null) {
                LOG.info("service {} woke ({}, {}) in {} ms", svc.name(), woke.mode(), woke.reason(),
                        woke.took().toMillis());
            }
        }
        roster.putWatched(next);
        events.emit(FleetEventType.INSTANCE_HEALTHY, i.id(), "probe", "container " + i.name() + " is healthy");
    }
}
