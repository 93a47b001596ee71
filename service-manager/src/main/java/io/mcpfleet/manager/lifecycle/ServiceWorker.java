package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.HealthStatus;
import io.mcpfleet.config.ServiceSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one service: every change (API calls, engine events, probe results,
 * timers) is queued here and runs one at a time, then the {@link Reconciler} converges the
 * containers to the desired state. The parts: {@link ManagedService} (the state and its
 * transitions), {@link Reconciler} with {@link EngineObserver}, {@link ScaleUp}, {@link Drains} and
 * {@link Sleepers}, {@link ProbeVerdicts}, {@link Waiters}, {@link SnapshotPublisher} and
 * {@link WorkerTimers}.
 */
final class ServiceWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceWorker.class);

    private final SerialExecutor executor;
    private final Collaborators with;
    private final PendingEvents events = new PendingEvents();
    private final ManagedService svc;
    private final SnapshotPublisher publisher;
    private final Waiters waiters = new Waiters();
    private final EngineObserver observer;
    private final ProbeVerdicts verdicts;
    private final Reconciler reconciler;
    private final WorkerTimers timers;

    /** What every worker shares. */
    record Collaborators(String fleet, ContainerRuntime runtime, InstanceActions actions, ContainerFactory factory,
                         HealthWatch health, InstanceLoad load, LifecycleListener listener, CapacityGate gate,
                         ScheduledExecutorService scheduler, Clock clock) {
    }

    ServiceWorker(ServiceSpec spec, SerialExecutor executor, Collaborators with) {
        this.executor = executor;
        this.with = with;
        this.svc = new ManagedService(spec, with.factory().specHash(spec), events);
        this.publisher = new SnapshotPublisher(svc.snapshot(with.clock().instant()), events, with.listener());
        Roster roster = new Roster(svc, with, events);
        this.observer = new EngineObserver(svc, with, roster, events);
        this.verdicts = new ProbeVerdicts(svc, roster, events, with.clock());
        this.reconciler = new Reconciler(svc, observer, new ScaleUp(svc, with, roster, events, publisher),
                new Drains(svc, with.load(), roster, events), new Sleepers(svc, roster), roster, publisher, waiters,
                with.clock());
        this.timers = new WorkerTimers(svc, with.scheduler(), with.clock(), this::reconcileSoon);
    }

    ServiceSnapshot snapshot() {
        return publisher.current();
    }

    String name() {
        return svc.name();
    }

    // ---- operations (each runs on the worker) ----

    /** Takes over what already runs for this service, then converges to the configured floor. */
    CompletableFuture<ServiceSnapshot> adopt(List<ContainerSnapshot> existing) {
        return run(() -> {
            existing.forEach(c -> observer.adopt(c, true));
            svc.adopted(with.clock().instant());
            for (Instance i : svc.instances().all()) {
                events.emit(FleetEventType.INSTANCE_ADDED, i.id(), "adopted", "adopted container " + i.name());
            }
            reconcile(true);
        });
    }

    /**
     * Wants at least one instance (or {@code replicas.min}).
     *
     * @param toLearn only to learn the service's tools: if that fails, the service goes back to sleep
     */
    Starting start(String reason, boolean toLearn) {
        CompletableFuture<Instance> ready = new CompletableFuture<>();
        CompletableFuture<ServiceSnapshot> accepted = run(() -> {
            boolean wakes = svc.start(reason, toLearn, with.clock().instant());
            waiters.awaitReady(ready);
            reconcile(!wakes);
        });
        return new Starting(accepted, ready);
    }

    /**
     * Stops every instance and removes its containers, after in-flight calls drain; the future
     * completes when nothing of the service runs any more.
     */
    CompletableFuture<ServiceSnapshot> stop(String reason) {
        return untilQuiet(() -> {
            svc.stop(reason);
            return true;
        });
    }

    /** Scales a service that runs; leaves a sleeping or stopped one as it is (the autoscaler never wakes). */
    CompletableFuture<ServiceSnapshot> rescale(int replicas, String reason) {
        return run(() -> {
            if (svc.rescale(replicas, reason)) {
                reconcile(true);
            }
        });
    }

    CompletableFuture<ServiceSnapshot> scale(int replicas, String reason) {
        return run(() -> {
            svc.scale(replicas, reason, with.clock().instant());
            reconcile(true);
        });
    }

    /**
     * Puts the whole service to sleep, draining first; the future completes when every instance
     * sleeps (or was removed).
     */
    CompletableFuture<ServiceSnapshot> sleep(String reason) {
        return sleep(reason, false, null);
    }

    /**
     * Like {@link #sleep(String)}, unless the service was started or woken again after
     * {@code awakeSince}: a start that overtook the decision to sleep wins.
     */
    CompletableFuture<ServiceSnapshot> sleepIfStill(String reason, Instant awakeSince) {
        return sleep(reason, false, awakeSince);
    }

    /**
     * Puts the service to sleep in stop mode, whatever its policy's mode, and stops its paused
     * sleepers too: the memory budget wants the memory back. Drains first, like any sleep.
     */
    CompletableFuture<ServiceSnapshot> evict(String reason) {
        return sleep(reason, true, null);
    }

    private CompletableFuture<ServiceSnapshot> sleep(String reason, boolean evict, Instant ifAwakeSince) {
        return untilQuiet(() -> {
            if (ifAwakeSince != null && !svc.awakeSince(ifAwakeSince)) {
                return false;
            }
            svc.sleep(reason, evict, with.clock().instant());
            return true;
        });
    }

    void reconcileSoon() {
        executor.execute(guard(() -> reconcile(true)));
    }

    /**
     * The periodic check, given the service's containers as the engine's list shows them now: a
     * full look at the engine (list and inspect each) only when that differs from the last one;
     * otherwise a converge on what the worker knows. With 200 services every 10 s, listing and
     * inspecting each would cost the manager more than everything else it does while idle.
     */
    void check(Map<String, ContainerStatus> listed) {
        executor.execute(guard(() -> reconcile(observer.differsFromLastLook(listed))));
    }

    /** An engine event: reconcile shortly, once for a burst. */
    void onEngineEvent() {
        timers.engineEvent();
    }

    void onProbe(String instanceId, boolean healthy, Double seconds, String detail) {
        executor.execute(guard(() -> {
            Instance i = svc.instances().get(instanceId);
            if (!ProbeVerdicts.probed(i)) {
                return;
            }
            boolean wasRoutable = i.routable();
            verdicts.apply(i, healthy, seconds, detail);
            Instance after = svc.instances().get(instanceId);
            if (!wasRoutable && after != null && after.routable()) {
                // Answer the callers waiting for this wake now, not after the reconcile's engine listing.
                reconciler.publishAndSettle();
            }
            // A passing probe of a healthy instance changes nothing the engine could tell us more
            // about: converge without listing (60 instances probed every 10 s would otherwise list
            // the engine six times a second).
            boolean steady = healthy && i.health() == HealthStatus.HEALTHY && after != null
                    && after.health() == HealthStatus.HEALTHY;
            reconcile(!steady);
        }));
    }

    void replaceSpec(ServiceSpec spec) {
        executor.execute(guard(() -> {
            svc.respec(spec, with.factory().specHash(spec));
            reconcile(true);
        }));
    }

    // ---- the queue ----

    private void reconcile(boolean listFirst) {
        reconciler.reconcile(listFirst);
        timers.scheduleTick();
    }

    /** Runs {@code body}; if it acted, waits until nothing of the service runs (or a start overtook it). */
    private CompletableFuture<ServiceSnapshot> untilQuiet(BooleanSupplier body) {
        CompletableFuture<ServiceSnapshot> quiet = new CompletableFuture<>();
        executor.execute(guard(() -> {
            if (!body.getAsBoolean()) {
                quiet.complete(publisher.current());
                return;
            }
            waiters.awaitQuiet(quiet);
            reconcile(true);
        }));
        return quiet;
    }

    private CompletableFuture<ServiceSnapshot> run(Runnable body) {
        return executor.submit(() -> {
            body.run();
            publish();
            return publisher.current();
        });
    }

    private Runnable guard(Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                LOG.error("service {}: unexpected failure in the lifecycle", name(), e);
            }
            publish();
        };
    }

    private void publish() {
        publisher.publish(svc.snapshot(with.clock().instant()));
    }
}
