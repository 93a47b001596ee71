package io.mcpfleet.manager.metrics;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.InstanceState;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.LifecycleListener;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import io.mcpfleet.manager.lifecycle.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The manager's {@code fleet_*} metrics. Labels are the service, a state or an outcome: never a
 * container id, so the series count stays bounded by the fleet's size.
 */
public final class FleetMetrics implements LifecycleListener {

    private final MeterRegistry registry;
    private final Clock clock;
    private final MultiGauge instancesByState;
    private final MultiGauge memory;
    private final MultiGauge cpu;
    /** When each instance began to start (created or woken), to time it to its first healthy probe. */
    private final Map<String, Starting> starting = new ConcurrentHashMap<>();
    /** The last sleep and wake counted per service: a snapshot carrying a newer one is a new one. */
    private final Map<String, Transition> sleepsSeen = new ConcurrentHashMap<>();
    private final Map<String, Transition> wakesSeen = new ConcurrentHashMap<>();
    private volatile Supplier<List<ServiceSnapshot>> services = List::of;
    private volatile ContainerRuntime runtime;

    private record Starting(Instant since, String kind) {
    }

    public FleetMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.instancesByState = MultiGauge.builder("fleet_instances")
                .description("Containers of each service by state").register(registry);
        this.memory = MultiGauge.builder("fleet_instance_memory_bytes")
                .description("Memory in use by the running containers of each service").baseUnit("bytes")
                .register(registry);
        this.cpu = MultiGauge.builder("fleet_instance_cpu_cores")
                .description("CPU in use by the running containers of each service, in cores").register(registry);
    }

    /** Binds the gauges that read the fleet at scrape time. */
    public void bind(FleetLifecycle fleet, ContainerRuntime runtime) {
        this.services = fleet::services;
        this.runtime = runtime;
        registry.gauge("fleet_services", Tags.empty(), fleet, f -> f.services().size());
        registry.gauge("fleet_engine_reachable", Tags.empty(), fleet, f -> f.engineReachable() ? 1 : 0);
    }

    @Override
    public void changed(ServiceSnapshot snapshot, String type, String instanceId, String reason, String message) {
        countTransitions(snapshot);
        switch (type) {
            case FleetEventType.INSTANCE_ADDED -> {
                if ("created".equals(reason) || "woken".equals(reason)) {
                    starting.put(instanceId, new Starting(clock.instant(), "created".equals(reason) ? "create"
                            : wakeKind(snapshot, instanceId)));
                }
            }
            case FleetEventType.INSTANCE_HEALTHY -> {
                if ("sleep-cancelled".equals(reason)) {
                    Counter.builder("fleet_sleep_cancellations_total")
                            .description("Instances that served again because a call arrived while they drained to sleep")
                            .tag("service", snapshot.name())
                            .register(registry)
                            .increment();
                }
                Starting s = starting.remove(instanceId);
                if (s != null) {
                    Timer.builder("fleet_container_start_seconds")
                            .description("From container create or wake to its first healthy probe")
                            .tags("service", snapshot.name(), "kind", s.kind())
                            .publishPercentileHistogram()
                            .register(registry)
                            .record(Duration.between(s.since(), clock.instant()));
                    startOutcome(snapshot.name(), "healthy");
                }
            }
            case FleetEventType.INSTANCE_REMOVED -> {
                if (starting.remove(instanceId) != null) {
                    startOutcome(snapshot.name(), "failed");
                }
            }
            default -> {
            }
        }
        refreshInstanceGauge();
    }

    /** Sleeps and wakes, counted once each when they end (the lifecycle records them in the snapshot). */
    private void countTransitions(ServiceSnapshot s) {
        Transition sleep = s.lastSleep();
        if (sleep != null && !sleep.equals(sleepsSeen.put(s.name(), sleep))) {
            Counter.builder("fleet_sleeps_total")
                    .description("Services put to sleep, by reason (idle, memory) and mode")
                    .tags("service", s.name(), "reason", sleep.kind(), "mode", String.valueOf(sleep.mode()))
                    .register(registry)
                    .increment();
        }
        Transition wake = s.lastWake();
        if (wake != null && !wake.equals(wakesSeen.put(s.name(), wake))) {
            Counter.builder("fleet_wakes_total")
                    .description("Services woken from sleep, by reason")
                    .tags("service", s.name(), "reason", wake.kind())
                    .register(registry)
                    .increment();
            Timer.builder("fleet_wake_seconds")
                    .description("From the request that woke a sleeping service to its first healthy probe, by "
                            + "how it woke (pause, stop, or create when no sleeper was left)")
                    .tags("service", s.name(), "mode", String.valueOf(wake.mode()))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(5))
                    .maximumExpectedValue(Duration.ofSeconds(120))
                    .register(registry)
                    .record(wake.took());
        }
    }

    private void startOutcome(String service, String outcome) {
        Counter.builder("fleet_container_starts_total")
                .description("Container starts (create or wake) by outcome")
                .tags("service", service, "outcome", outcome)
                .register(registry)
                .increment();
    }

    private static String wakeKind(ServiceSnapshot snapshot, String instanceId) {
        // The instance has already been woken in this snapshot; its sleep mode says how.
        return "wake-" + snapshot.spec().sleepPolicy().mode().yamlName();
    }

    /** Rebuilt on every change: the rows are few (services x states present). */
    private synchronized void refreshInstanceGauge() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        List<MultiGauge.Row<?>> memoryRows = new ArrayList<>();
        List<MultiGauge.Row<?>> cpuRows = new ArrayList<>();
        for (ServiceSnapshot s : services.get()) {
            Map<InstanceState, Long> counts = new java.util.EnumMap<>(InstanceState.class);
            for (Instance i : s.instances()) {
                counts.merge(i.state(), 1L, Long::sum);
            }
            counts.forEach((state, n) -> rows.add(MultiGauge.Row.of(
                    Tags.of("service", s.name(), "state", state.wireName()), n)));
            String name = s.name();
            memoryRows.add(MultiGauge.Row.of(Tags.of("service", name), this,
                    m -> m.usageOf(name, ResourceUsage::memoryBytes)));
            cpuRows.add(MultiGauge.Row.of(Tags.of("service", name), this,
                    m -> m.usageOf(name, ResourceUsage::cpuCores)));
        }
        instancesByState.register(rows, true);
        memory.register(memoryRows, true);
        cpu.register(cpuRows, true);
    }

    private double usageOf(String service, java.util.function.ToDoubleFunction<ResourceUsage> field) {
        ContainerRuntime r = runtime;
        if (r == null) {
            return 0;
        }
        double total = 0;
        for (ServiceSnapshot s : services.get()) {
            if (!s.name().equals(service)) {
                continue;
            }
            for (Instance i : s.instances()) {
                if (i.state() == InstanceState.RUNNING || i.state() == InstanceState.DRAINING
                        || i.state() == InstanceState.STARTING) {
                    Optional<ResourceUsage> u = r.usage(i.id());
                    total += u.map(field::applyAsDouble).orElse(0.0);
                }
            }
        }
        return total;
    }
}
