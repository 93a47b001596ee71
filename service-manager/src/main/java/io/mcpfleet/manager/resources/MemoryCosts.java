package io.mcpfleet.manager.resources;

import io.mcpfleet.api.InstanceState;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;

/**
 * What an instance counts against the memory budget: its memory limit; without one, its measured
 * use (the latest sample, else the last one remembered). Running, starting, draining and paused
 * instances hold memory; stopped ones do not.
 */
final class MemoryCosts {

    private final ContainerRuntime runtime;
    private final Footprints footprints;

    MemoryCosts(ContainerRuntime runtime, Footprints footprints) {
        this.runtime = runtime;
        this.footprints = footprints;
    }

    long of(ServiceSnapshot s) {
        long total = 0;
        for (Instance i : s.instances()) {
            total += of(s.spec(), i);
        }
        return total;
    }

    long of(ServiceSpec spec, Instance i) {
        if (!holdsMemory(i)) {
            return 0;
        }
        long limit = spec.resources().memoryBytes();
        if (limit > 0) {
            return limit;
        }
        return runtime.usage(i.id()).map(u -> u.memoryBytes()).orElseGet(() -> footprints.of(i.id()).orElse(0));
    }

    /** What one more instance of the service will take: its limit, else the most one was seen to use. */
    long ofNew(ServiceSpec spec) {
        long limit = spec.resources().memoryBytes();
        return limit > 0 ? limit : footprints.largest(spec.name()).orElse(0);
    }

    static boolean holdsMemory(Instance i) {
        return i.state() == InstanceState.STARTING || i.state() == InstanceState.RUNNING
                || i.state() == InstanceState.DRAINING || i.state() == InstanceState.PAUSED;
    }
}
