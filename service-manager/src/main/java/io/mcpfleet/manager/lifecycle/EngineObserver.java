package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.HealthStatus;
import io.mcpfleet.api.InstanceState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a service's record in line with the engine's containers: adopts what it finds, forgets
 * what vanished, and notes what someone or something else stopped, paused or started.
 */
final class EngineObserver {

    private final ManagedService svc;
    private final ServiceWorker.Collaborators with;
    private final Roster roster;
    private final PendingEvents events;
    /** The containers and their states at the last full look at the engine (list and inspect). */
    private Map<String, ContainerStatus> lastSeen = Map.of();

    EngineObserver(ManagedService svc, ServiceWorker.Collaborators with, Roster roster, PendingEvents events) {
        this.svc = svc;
        this.with = with;
        this.roster = roster;
        this.events = events;
    }

    /** Whether the engine's list of the service's containers differs from the last full look. */
    boolean differsFromLastLook(Map<String, ContainerStatus> listed) {
        return !listed.equals(lastSeen);
    }

    /** A full look: lists and inspects the service's containers. */
    void observe() {
        List<ContainerSnapshot> containers = with.runtime().list(Labels.service(with.fleet(), svc.name()));
        Map<String, ContainerSnapshot> byId = new HashMap<>();
        Map<String, ContainerStatus> seen = new HashMap<>();
        containers.forEach(c -> {
            byId.put(c.id(), c);
            seen.put(c.id(), c.status());
        });
        lastSeen = Map.copyOf(seen);
        for (Instance known : svc.instances().all()) {
            if (!byId.containsKey(known.id())) {
                roster.forget(known, "vanished", "container " + known.name() + " was removed outside the manager");
            }
        }
        for (ContainerSnapshot c : containers) {
            Instance known = svc.instances().get(c.id());
            if (known == null) {
                adopt(c, false);
                events.emit(FleetEventType.INSTANCE_ADDED, c.id(), "found", "found container " + c.name());
            } else {
                track(known, c);
            }
        }
    }

    /** Takes a container over: running ones are probed, paused ones (and stopped ones at start-up) are sleepers. */
    void adopt(ContainerSnapshot c, boolean atStartup) {
        String hash = c.label(Labels.SPEC_HASH);
        Instance adopted = switch (c.status()) {
            case RUNNING -> new Instance(c.id(), c.name(), hash, InstanceState.STARTING, HealthStatus.UNKNOWN,
                    with.factory().endpoint(svc.spec(), c), c.startedAt(), null, false, 0, 0, null);
            case PAUSED -> new Instance(c.id(), c.name(), hash, InstanceState.PAUSED, HealthStatus.UNKNOWN,
                    with.factory().endpoint(svc.spec(), c), c.startedAt(), null, true, 0, 0, null);
            // A stopped container found at start-up is a sleeper if the service sleeps at all;
            // otherwise it is a leftover that the reconcile removes.
            default -> new Instance(c.id(), c.name(), hash, InstanceState.EXITED, HealthStatus.UNKNOWN, null,
                    c.startedAt(), null, atStartup && svc.spec().sleepPolicy().enabled(), 0, 0, null);
        };
        if (adopted.state() == InstanceState.STARTING) {
            roster.putWatched(adopted);
        } else {
            roster.put(adopted);
        }
    }

    /** Brings our record in line with what the engine says (someone or something else acted). */
    private void track(Instance known, ContainerSnapshot c) {
        boolean engineRunning = c.status() == ContainerStatus.RUNNING;
        boolean weThinkRunning = Instances.running(known);
        if (weThinkRunning && !engineRunning && c.status() != ContainerStatus.PAUSED) {
            roster.unwatch(known);
            roster.put(new Instance(known.id(), known.name(), known.specHash(), InstanceState.EXITED, known.health(),
                    null, known.started(), null, false, known.failures(), known.successes(),
                    known.lastProbeSeconds()));
        } else if (weThinkRunning && c.status() == ContainerStatus.PAUSED) {
            roster.unwatch(known);
            roster.put(new Instance(known.id(), known.name(), known.specHash(), InstanceState.PAUSED,
                    HealthStatus.UNKNOWN, known.endpoint(), known.started(), null, false, 0, 0, null));
        } else if (!weThinkRunning && engineRunning) {
            roster.putWatched(new Instance(known.id(), known.name(), known.specHash(), InstanceState.STARTING,
                    HealthStatus.UNKNOWN, with.factory().endpoint(svc.spec(), c), c.startedAt(), null, false, 0, 0,
                    null));
        }
    }
}
