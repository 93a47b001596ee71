package io.mcpfleet.manager.autoscale;

import io.mcpfleet.api.InstanceState;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.manager.activity.ActivityLedger;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales services with {@code autoscale.enabled} on their load: every interval it samples calls in
 * flight (what the routers report) and CPU (the engine's stats) and lets each service's
 * {@link ScalingPolicy} decide. Every step is a lifecycle scale with the reason
 * {@code autoscale: <why>, <figures>} (so it is an event) and a count in
 * {@code fleet_autoscale_decisions_total}. Scale-in drains, least busy instance first (the lifecycle's doing).
 *
 * <p>It leaves sleeping and stopped services alone: it never wakes one (a call does), never scales
 * below one instance (the sleep policy takes a service to zero), and forgets a service's load when
 * it sleeps.
 */
public final class Autoscaler {

    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);
    /**
     * After the memory budget refused an instance, no step up for this long: a panic would ask
     * again every second, each time a refusal, a warning and an event.
     */
    static final Duration AFTER_REFUSAL = Duration.ofSeconds(30);

    private final FleetLifecycle fleet;
    private final ActivityLedger ledger;
    private final ContainerRuntime runtime;
    private final MeterRegistry meters;
    private final Clock clock;
    /** Touched only by the tick's thread. */
    private final Map<String, ScalingPolicy> policies = new HashMap<>();
    /** The last step of each service until the lifecycle has carried it out: no new decision before. */
    private final Map<String, CompletableFuture<?>> pending = new HashMap<>();

    public Autoscaler(FleetLifecycle fleet, ActivityLedger ledger, ContainerRuntime runtime, MeterRegistry meters,
                      Clock clock) {
        this.fleet = fleet;
        this.ledger = ledger;
        this.runtime = runtime;
        this.meters = meters;
        this.clock = clock;
    }

    public void start(ScheduledExecutorService scheduler, Duration every) {
        scheduler.scheduleWithFixedDelay(this::tickQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One sample and decision for every autoscaled service. */
    synchronized void tick() {
        Instant now = clock.instant();
        for (ServiceSnapshot s : fleet.services()) {
            ServiceSpec spec = s.spec();
            if (!spec.autoscale().enabled()) {
                continue;
            }
            ScalingPolicy policy = policies.computeIfAbsent(s.name(), n -> new ScalingPolicy());
            if (s.asleep() || s.desired() == 0) {
                policy.reset();
                continue;
            }
            LoadSample sample = new LoadSample(now, ledger.of(s.name()).map(a -> (double) a.inFlight()).orElse(0.0),
                    cpuCores(s));
            CompletableFuture<?> last = pending.get(s.name());
            if (last != null && !last.isDone()) {
                // The snapshot does not show the last step yet: deciding on it would repeat the step.
                policy.record(sample, spec.autoscale());
                continue;
            }
            double capacity = spec.resources().nanoCpus() > 0 ? spec.resources().cpus() : 1.0;
            Optional<ScaleDecision> decision = policy.decide(sample, s.desired(), spec.autoscale(), spec.replicas(),
                    capacity);
            boolean refusedLately = s.refusedAt() != null && now.isBefore(s.refusedAt().plus(AFTER_REFUSAL));
            decision.filter(d -> !(refusedLately && d.replicas() > s.desired()))
                    .ifPresent(d -> pending.put(s.name(), apply(s, d)));
        }
    }

    private CompletableFuture<?> apply(ServiceSnapshot s, ScaleDecision d) {
        LOG.info("service {}: scaling {} from {} to {} ({})", s.name(), d.direction(), s.desired(), d.replicas(),
                d.lifecycleReason());
        Counter.builder("fleet_autoscale_decisions_total")
                .description("Scaling steps the autoscaler took, by direction and reason (panic, load, bounds)")
                .tags("service", s.name(), "direction", d.direction(), "reason", d.reason())
                .register(meters)
                .increment();
        return fleet.rescale(s.name(), d.replicas(), d.lifecycleReason()).whenComplete((done, error) -> {
            if (error != null) {
                LOG.warn("service {}: the autoscaler's scale to {} failed: {}", s.name(), d.replicas(),
                        error.getMessage());
            }
        });
    }

    /** Cores in use over the running instances that have a sample; NaN when none has one yet. */
    private double cpuCores(ServiceSnapshot s) {
        double total = 0;
        boolean any = false;
        for (Instance i : s.instances()) {
            if (i.state() != InstanceState.RUNNING && i.state() != InstanceState.DRAINING) {
                continue;
            }
            Optional<ResourceUsage> usage = runtime.cpuUsage(i.id());
            if (usage.isPresent()) {
                total += usage.get().cpuCores();
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("the autoscaler's tick failed; trying again at the next one", e);
        }
    }
}
