package io.mcpfleet.manager.resources;

import io.mcpfleet.api.InstanceState;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last measured memory of every instance, kept after it stops: what a stopped sleeper gave
 * back, and what an instance of a service without a memory limit is likely to take again.
 * Forgotten when the instance is removed. A new manager starts with none.
 */
public final class Footprints {

    private static final Logger LOG = LoggerFactory.getLogger(Footprints.class);

    private final Map<String, Long> byInstance = new ConcurrentHashMap<>();
    private final Map<String, Long> largestByService = new ConcurrentHashMap<>();

    /** Samples the fleet every {@code every} on {@code scheduler}. */
    public void start(FleetLifecycle fleet, ContainerRuntime runtime, ScheduledExecutorService scheduler,
                      Duration every) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sample(fleet.services(), runtime);
            } catch (RuntimeException e) {
                LOG.debug("sampling memory failed; trying again at the next tick", e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records what the running instances use now (the runtime's cached samples: no engine call blocks). */
    public void sample(List<ServiceSnapshot> services, ContainerRuntime runtime) {
        Set<String> known = new HashSet<>();
        for (ServiceSnapshot s : services) {
            for (Instance i : s.instances()) {
                known.add(i.id());
                if (i.state() == InstanceState.RUNNING || i.state() == InstanceState.DRAINING
                        || i.state() == InstanceState.PAUSED) {
                    runtime.usage(i.id()).ifPresent(u -> record(s.name(), i.id(), u.memoryBytes()));
                }
            }
        }
        byInstance.keySet().retainAll(known);
    }

    void record(String service, String instanceId, long bytes) {
        if (bytes <= 0) {
            return;
        }
        byInstance.put(instanceId, bytes);
        largestByService.merge(service, bytes, Math::max);
    }

    /** The instance's last measured memory. */
    public OptionalLong of(String instanceId) {
        Long bytes = byInstance.get(instanceId);
        return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    /** The most any instance of the service was seen to use. */
    public OptionalLong largest(String service) {
        Long bytes = largestByService.get(service);
        return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    /** What the service's stopped sleepers used when they last ran: memory sleeping gave back. */
    public long released(ServiceSnapshot s) {
        long total = 0;
        for (Instance i : s.instances()) {
            if (i.asleep() && i.state() == InstanceState.EXITED) {
                total += of(i.id()).orElse(0);
            }
        }
        return total;
    }
}
