package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.ServiceSpec;
import java.time.Instant;
import java.util.List;

/**
 * A consistent, immutable view of one service, published by its worker after every change.
 *
 * @param spec       the service's configuration
 * @param state      its state
 * @param desired    instances wanted now
 * @param asleep     whether it sleeps (desired is then 0)
 * @param instances  its containers, in creation order
 * @param message    the last error or a note on the state, or {@code null}
 * @param changedAt  when this snapshot was taken
 * @param awakeSince the last start request, wake, adoption, or first healthy instance after none (where
 *                   the idle timer starts), or {@code null}
 * @param lastSleep  the last finished sleep, or {@code null}
 * @param lastWake   the last finished wake (request to first healthy instance), or {@code null}
 * @param refusedAt  when the capacity gate (the memory budget) last refused one more instance, or {@code null}
 */
public record ServiceSnapshot(ServiceSpec spec, ServiceState state, int desired, boolean asleep,
                              List<Instance> instances, String message, Instant changedAt, Instant awakeSince,
                              Transition lastSleep, Transition lastWake, Instant refusedAt) {

    public ServiceSnapshot {
        instances = List.copyOf(instances);
    }

    public String name() {
        return spec.name();
    }

    public List<Instance> routable() {
        return instances.stream().filter(Instance::routable).toList();
    }

    public long running() {
        return instances.stream().filter(i -> i.state() == io.mcpfleet.api.InstanceState.RUNNING
                || i.state() == io.mcpfleet.api.InstanceState.STARTING
                || i.state() == io.mcpfleet.api.InstanceState.DRAINING).count();
    }

    public long healthy() {
        return instances.stream().filter(Instance::routable).count();
    }
}
