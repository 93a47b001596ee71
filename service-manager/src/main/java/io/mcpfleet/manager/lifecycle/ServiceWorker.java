package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.HealthStatus;
import io.mcpfleet.api.InstanceState;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.config.SleepMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one service: every change (API calls, engine events, probe results,
 * timers) runs here, one at a time, and ends with a reconcile that converges the containers to
 * the desired state. Level-triggered: each reconcile looks at what runs now, so a missed event
 * is healed by the next one or by the periodic tick.
 */
final class ServiceWorker {

    static final int FAILURES_BEFORE_FAILED = 3;
    private static final Logger LOG = LoggerFactory.getLogger(ServiceWorker.class);
    private static final Duration FAST_TICK = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final Duration EVENT_DELAY = Duration.ofMillis(50);

    private final ManagedService svc;
    private final SerialExecutor executor;
    private final Collaborators with;
    private final List<PendingEvent> pending = new ArrayList<>();
    /** Capacity reservations to end once the instances they were for are in the published snapshot. */
    private final List<Runnable> reservations = new ArrayList<>();
    private volatile ServiceSnapshot snapshot;
    private ServiceState lastPublishedState;
    private ScheduledFuture<?> tick;
    private final AtomicBoolean eventReconcileQueued = new AtomicBoolean();

    /** What every worker shares. */
    record Collaborators(String fleet, ContainerRuntime runtime, InstanceActions actions, ContainerFactory factory,
                         HealthWatch health, InstanceLoad load, LifecycleListener listener, CapacityGate gate,
                         ScheduledExecutorService scheduler, Clock clock) {
    }

    private record PendingEvent(String type, String instanceId, String reason, String message) {
    }

    ServiceWorker(ServiceSpec spec, SerialExecutor executor, Collaborators with) {
        this.svc = new ManagedService(spec, with.factory().specHash(spec));
        this.executor = executor;
        this.with = with;
        this.snapshot = svc.snapshot(with.clock().instant());
        this.lastPublishedState = snapshot.state();
    }

    ServiceSnapshot snapshot() {
        return snapshot;
    }

    String name() {
        return svc.spec.name();
    }

    // ---- operations (each runs on the worker) ----

    /** Takes over what already runs for this service, then converges to the configured floor. */
    CompletableFuture<ServiceSnapshot> adopt(List<ContainerSnapshot> existing) {
        return run(() -> {
            for (ContainerSnapshot c : existing) {
                adoptContainer(c, true);
            }
            long running = svc.instances.values().stream().filter(Instance::active).count();
            ServiceSpec spec = svc.spec;
            int floor = spec.autoStart() ? Math.max(1, spec.replicas().min()) : spec.replicas().min();
            svc.desired = (int) Math.max(running, floor);
            svc.asleep = svc.desired == 0 && svc.instances.values().stream().anyMatch(Instance::asleep);
            // A new manager knows nothing of past calls: every service gets a fresh idle timer.
            svc.awakeSince = with.clock().instant();
            svc.adoptedAt = svc.awakeSince;
            for (Instance i : svc.instances.values()) {
                emit(FleetEventType.INSTANCE_ADDED, i.id(), "adopted", "adopted container " + i.name());
            }
            reconcile();
        });
    }

    /** Wants at least one instance (or {@code replicas.min}). */
    Starting start(String reason) {
        CompletableFuture<Instance> ready = new CompletableFuture<>();
        CompletableFuture<ServiceSnapshot> accepted = run(() -> {
            int floor = Math.max(1, svc.spec.replicas().min());
            svc.awakeSince = with.clock().instant();
            boolean wakes = svc.asleep && svc.instances.values().stream().anyMatch(Instance::asleep);
            wake(reason, floor);
            svc.readinessWaiters.add(ready);
            reconcile(!wakes);
        });
        return new Starting(accepted, ready);
    }

    /**
     * Stops every instance and removes its containers, after in-flight calls drain; the future
     * completes when nothing of the service runs any more.
     */
    CompletableFuture<ServiceSnapshot> stop(String reason) {
        CompletableFuture<ServiceSnapshot> quiet = new CompletableFuture<>();
        executor.execute(guard(() -> {
            setDesired(0, reason);
            svc.asleep = false;
            svc.waking = false;
            svc.dropTransitions();
            svc.quietWaiters.add(quiet);
            reconcile();
        }));
        return quiet;
    }

    /** Scales a service that runs; leaves a sleeping or stopped one as it is (the autoscaler never wakes). */
    CompletableFuture<ServiceSnapshot> rescale(int replicas, String reason) {
        return run(() -> {
            if (svc.desired > 0 && !svc.asleep) {
                setDesired(replicas, reason);
                reconcile();
            }
        });
    }

    CompletableFuture<ServiceSnapshot> scale(int replicas, String reason) {
        return run(() -> {
            if (replicas > 0 && svc.desired == 0) {
                svc.awakeSince = with.clock().instant();
                if (svc.asleep) {
                    beginWake(reason);
                }
            }
            if (replicas > 0) {
                svc.asleep = false;
            }
            setDesired(replicas, reason);
            reconcile();
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
        CompletableFuture<ServiceSnapshot> quiet = new CompletableFuture<>();
        executor.execute(guard(() -> {
            if (ifAwakeSince != null && !ifAwakeSince.equals(svc.awakeSince)) {
                quiet.complete(snapshot);
                return;
            }
            svc.beginSleep(reason, evict, with.clock().instant());
            setDesired(0, reason);
            svc.asleep = true;
            svc.waking = false;
            svc.quietWaiters.add(quiet);
            reconcile();
        }));
        return quiet;
    }

    void reconcileSoon() {
        executor.execute(guard(this::reconcile));
    }

    /**
     * The periodic check, given the service's containers as the engine's list shows them now: a
     * full look at the engine (list and inspect each) only when that differs from the last one;
     * otherwise a converge on what the worker knows. With 200 services every 10 s, listing and
     * inspecting each would cost the manager more than everything else it does while idle.
     */
    void check(Map<String, ContainerStatus> listed) {
        executor.execute(guard(() -> reconcile(!listed.equals(svc.lastSeen))));
    }

    /**
     * An engine event: reconcile shortly, once for a burst. Most events echo the worker's own
     * actions (an unpause, a start); reconciling at once would list the engine just as the woken
     * instance's first probe answers, and hold that answer up behind the listing.
     */
    void onEngineEvent() {
        if (eventReconcileQueued.compareAndSet(false, true)) {
            try {
                with.scheduler().schedule(() -> {
                    eventReconcileQueued.set(false);
                    reconcileSoon();
                }, EVENT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // The lifecycle is closing: nothing is reconciled any more.
            }
        }
    }

    void onProbe(String instanceId, boolean healthy, Double seconds, String detail) {
        executor.execute(guard(() -> {
            Instance i = svc.instances.get(instanceId);
            if (i == null || !(i.state() == InstanceState.STARTING || i.state() == InstanceState.RUNNING
                    || i.state() == InstanceState.DRAINING)) {
                return;
            }
            boolean wasRoutable = i.routable();
            HealthStatus before = i.health();
            applyProbe(i, healthy, seconds, detail);
            Instance after = svc.instances.get(instanceId);
            if (!wasRoutable && after != null && after.routable()) {
                // Answer the callers waiting for this wake now, not after the reconcile's engine listing.
                publish();
                settleWaiters();
            }
            // A passing probe of a healthy instance changes nothing the engine could tell us more
            // about: converge without listing (60 instances probed every 10 s would otherwise list
            // the engine six times a second).
            boolean steady = healthy && before == HealthStatus.HEALTHY && after != null
                    && after.health() == HealthStatus.HEALTHY;
            reconcile(!steady);
        }));
    }

    void replaceSpec(ServiceSpec spec) {
        executor.execute(guard(() -> {
            svc.spec = spec;
            svc.specHash = with.factory().specHash(spec);
            reconcile();
        }));
    }

    // ---- the reconcile ----

    private void reconcile() {
        reconcile(true);
    }

    /**
     * @param listFirst whether to list the engine's containers first; a wake skips it (5-20 ms on
     *                  the caller's path) and acts on what the worker knows: a sleeper that vanished
     *                  fails to wake and is replaced, and the next reconcile (the first probe result,
     *                  or the tick 200 ms later) lists again
     */
    private void reconcile(boolean listFirst) {
        Instant now = with.clock().instant();
        try {
            if (listFirst) {
                observe();
            }
            converge(now);
        } catch (EngineUnavailableException e) {
            svc.lastError = e.getMessage();
            LOG.warn("service {}: {}", name(), e.getMessage());
            // Callers waiting for a start, a stop or a sleep get the reason now rather than a
            // timeout later (a stop would wait for the engine's return); what they asked for stays
            // wanted and is carried out once the engine is back.
            svc.readinessWaiters.forEach(w -> w.completeExceptionally(e));
            svc.readinessWaiters.clear();
            svc.quietWaiters.forEach(w -> w.completeExceptionally(e));
            svc.quietWaiters.clear();
        }
        scheduleTick();
    }

    private void observe() {
        List<ContainerSnapshot> containers = with.runtime().list(Labels.service(with.fleet(), name()));
        Map<String, ContainerSnapshot> byId = new HashMap<>();
        Map<String, ContainerStatus> seen = new HashMap<>();
        containers.forEach(c -> {
            byId.put(c.id(), c);
            seen.put(c.id(), c.status());
        });
        svc.lastSeen = Map.copyOf(seen);
        for (Instance known : List.copyOf(svc.instances.values())) {
            if (!byId.containsKey(known.id())) {
                forget(known, "vanished", "container " + known.name() + " was removed outside the manager");
            }
        }
        for (ContainerSnapshot c : containers) {
            Instance known = svc.instances.get(c.id());
            if (known == null) {
                adoptContainer(c, false);
                emit(FleetEventType.INSTANCE_ADDED, c.id(), "found", "found container " + c.name());
            } else {
                track(known, c);
            }
        }
    }

    /** Brings our record in line with what the engine says (someone or something else acted). */
    private void track(Instance known, ContainerSnapshot c) {
        boolean engineRunning = c.status() == ContainerStatus.RUNNING;
        boolean weThinkRunning = known.state() == InstanceState.STARTING || known.state() == InstanceState.RUNNING
                || known.state() == InstanceState.DRAINING;
        if (weThinkRunning && !engineRunning && c.status() != ContainerStatus.PAUSED) {
            with.health().unwatch(known.id());
            put(new Instance(known.id(), known.name(), known.specHash(), InstanceState.EXITED, known.health(), null,
                    known.started(), null, false, known.failures(), known.successes(), known.lastProbeSeconds()));
        } else if (weThinkRunning && c.status() == ContainerStatus.PAUSED) {
            with.health().unwatch(known.id());
            put(new Instance(known.id(), known.name(), known.specHash(), InstanceState.PAUSED, HealthStatus.UNKNOWN,
                    known.endpoint(), known.started(), null, false, 0, 0, null));
        } else if (!weThinkRunning && engineRunning) {
            Instance running = new Instance(known.id(), known.name(), known.specHash(), InstanceState.STARTING,
                    HealthStatus.UNKNOWN, with.factory().endpoint(svc.spec, c), c.startedAt(), null, false, 0, 0, null);
            put(running);
            watch(running);
        }
    }

    private void adoptContainer(ContainerSnapshot c, boolean atStartup) {
        String hash = c.label(Labels.SPEC_HASH);
        Instance adopted = switch (c.status()) {
            case RUNNING -> new Instance(c.id(), c.name(), hash, InstanceState.STARTING, HealthStatus.UNKNOWN,
                    with.factory().endpoint(svc.spec, c), c.startedAt(), null, false, 0, 0, null);
            case PAUSED -> new Instance(c.id(), c.name(), hash, InstanceState.PAUSED, HealthStatus.UNKNOWN,
                    with.factory().endpoint(svc.spec, c), c.startedAt(), null, true, 0, 0, null);
            // A stopped container found at start-up is a sleeper if the service sleeps at all;
            // otherwise it is a leftover that the reconcile removes.
            default -> new Instance(c.id(), c.name(), hash, InstanceState.EXITED, HealthStatus.UNKNOWN, null,
                    c.startedAt(), null, atStartup && svc.spec.sleepPolicy().enabled(), 0, 0, null);
        };
        put(adopted);
        if (adopted.state() == InstanceState.STARTING) {
            watch(adopted);
        }
    }

    private void converge(Instant now) {
        svc.waitingForRoom = false;
        removeBroken(now);
        cancelSleepDrains();
        finishDrains(now);
        List<Instance> active = svc.instances.values().stream().filter(Instance::active).toList();
        List<Instance> current = active.stream().filter(i -> svc.specHash.equals(i.specHash())).toList();
        List<Instance> stale = active.stream().filter(i -> !svc.specHash.equals(i.specHash())).toList();
        int want = svc.desired;

        if (current.size() < want && !now.isBefore(svc.retryAt)) {
            grow(want - current.size());
        }
        // Rolling update: a stale instance goes once a current one is healthy in its place.
        long healthyCurrent = svc.instances.values().stream()
                .filter(i -> i.routable() && svc.specHash.equals(i.specHash())).count();
        int staleToRemove = (int) (stale.size() - Math.max(0, want - healthyCurrent));
        drainLeastBusy(stale, staleToRemove, Instance.Drain.Purpose.REMOVE, now, "rolled");
        if (current.size() > want) {
            Instance.Drain.Purpose purpose = svc.asleep ? Instance.Drain.Purpose.SLEEP : Instance.Drain.Purpose.REMOVE;
            drainLeastBusy(current, current.size() - want, purpose, now, svc.asleep ? "sleep" : "scale-in");
        }
        removeUnneededSleepers();
        finishDrains(now);
        stopPausedSleepersIfEvicting();
        finishSleep(now);
        // Publish first: whoever a settled waiter wakes must see this state, not the one before.
        publish();
        settleWaiters();
    }

    private void removeBroken(Instant now) {
        for (Instance i : List.copyOf(svc.instances.values())) {
            boolean crashed = i.state() == InstanceState.EXITED && !i.asleep();
            boolean stuckPaused = i.state() == InstanceState.PAUSED && !i.asleep();
            boolean unhealthy = i.state() == InstanceState.RUNNING && i.health() == HealthStatus.UNHEALTHY;
            boolean startTimedOut = i.state() == InstanceState.STARTING && i.started() != null
                    && now.isAfter(startingSince(i).plus(svc.spec.health().startupTimeout()));
            if (!(crashed || stuckPaused || unhealthy || startTimedOut)) {
                continue;
            }
            String why = crashed ? "crashed" : stuckPaused ? "paused" : unhealthy ? "unhealthy" : "startup-timeout";
            boolean startFailure = startTimedOut || (crashed && i.health() != HealthStatus.HEALTHY
                    && i.started() != null && now.isBefore(i.started().plus(svc.spec.health().startupTimeout())));
            if (startFailure) {
                recordFailure(now, "instance " + i.name() + (startTimedOut
                        ? " did not become healthy within " + svc.spec.health().startupTimeout().toSeconds() + " s"
                        : " exited before it became healthy"), false);
            }
            removeInstance(i, why, "removed container " + i.name() + " (" + why + ")");
        }
    }

    /**
     * Where an instance's startup timeout counts from: its start, but no earlier than its adoption
     * (a container that has run for hours is not late for its first probe by this manager).
     */
    private Instant startingSince(Instance i) {
        return svc.adoptedAt != null && svc.adoptedAt.isAfter(i.started()) ? svc.adoptedAt : i.started();
    }

    /**
     * A call that arrives while the service drains to sleep cancels the sleep: the draining
     * instances serve again at once, which beats letting them sleep and waking them.
     */
    private void cancelSleepDrains() {
        if (svc.asleep || svc.desired == 0) {
            return;
        }
        long active = svc.instances.values().stream().filter(Instance::active).count();
        for (Instance i : List.copyOf(svc.instances.values())) {
            if (active >= svc.desired) {
                return;
            }
            if (i.drain() != null && i.drain().purpose() == Instance.Drain.Purpose.SLEEP
                    && svc.specHash.equals(i.specHash())) {
                Instance back = i.undrained();
                put(back);
                watch(back);
                active++;
                svc.waking = false;
                // A cancelled sleep, not a wake: nothing slept.
                svc.dropTransitions();
                emit(back.routable() ? FleetEventType.INSTANCE_HEALTHY : FleetEventType.INSTANCE_ADDED, i.id(),
                        "sleep-cancelled", "container " + i.name() + " serves again: a call arrived while it drained");
            }
        }
    }

    private void grow(int missing) {
        List<Instance> sleepers = svc.instances.values().stream()
                .filter(i -> i.asleep() && svc.specHash.equals(i.specHash()))
                .sorted(Comparator.comparing((Instance i) -> i.state() != InstanceState.PAUSED))
                .toList();
        for (Instance sleeper : sleepers) {
            if (missing == 0) {
                return;
            }
            boolean paused = sleeper.state() == InstanceState.PAUSED;
            // A paused sleeper still holds its memory; a stopped one needs room again.
            if (!paused && !admitted()) {
                return;
            }
            try {
                Instance woken = with.actions().wake(svc.spec, sleeper);
                put(woken);
                watch(woken);
                svc.noteWakeMode(paused ? SleepMode.PAUSE.yamlName() : SleepMode.STOP.yamlName());
                emit(FleetEventType.INSTANCE_ADDED, woken.id(), "woken", "woke container " + woken.name());
                missing--;
            } catch (ContainerRuntimeException e) {
                LOG.warn("service {}: {}; creating a new instance instead", name(), e.getMessage());
                removeInstance(sleeper, "wake-failed", e.getMessage());
            }
        }
        for (; missing > 0; missing--) {
            if (!admitted()) {
                return;
            }
            try {
                Instance created = with.actions().create(svc.spec);
                put(created);
                watch(created);
                svc.noteWakeMode("create");
                emit(FleetEventType.INSTANCE_ADDED, created.id(), "created", "created container " + created.name());
            } catch (EngineUnavailableException e) {
                throw e;
            } catch (ImageNotFoundException e) {
                recordFailure(with.clock().instant(), e.getMessage(), true);
                return;
            } catch (ContainerRuntimeException e) {
                recordFailure(with.clock().instant(), e.getMessage(), false);
                return;
            }
        }
    }

    /**
     * Asks the capacity gate for room for one more running instance. Waiting for room keeps the
     * callers waiting and looks again soon; a refusal fails them with the gate's reason.
     */
    private boolean admitted() {
        Admission admission = with.gate().admit(svc.spec);
        switch (admission.verdict()) {
            case GRANTED -> {
                reservations.add(admission.release());
                return true;
            }
            case WAIT -> {
                svc.lastError = admission.detail();
                svc.waitingForRoom = true;
                return false;
            }
            default -> {
                refuse(admission.detail());
                return false;
            }
        }
    }

    /**
     * No room: the callers get the reason now, and the service settles for what runs (asleep again
     * if it was woken), rather than retrying in the background and evicting others later.
     */
    private void refuse(String detail) {
        LOG.warn("service {}: {}", name(), detail);
        svc.lastError = detail;
        emit(FleetEventType.SERVICE_STATE, null, "start-failed", detail);
        // The callers are answered by settleWaiters, once this state is published.
        svc.refusal = detail;
        svc.refusedAt = with.clock().instant();
        boolean wasAsleep = svc.pendingWake != null;
        int running = (int) svc.instances.values().stream()
                .filter(i -> i.active() && svc.specHash.equals(i.specHash())).count();
        setDesired(running, "refused");
        if (running == 0 && wasAsleep) {
            svc.asleep = true;
            svc.waking = false;
            svc.pendingWake = null;
        }
    }

    private void drainLeastBusy(List<Instance> candidates, int count, Instance.Drain.Purpose purpose, Instant now,
                                String reason) {
        if (count <= 0) {
            return;
        }
        // Least busy first: an instance not yet serving, then the one with the fewest calls in flight,
        // then the newest (the oldest has the warmest caches).
        List<Instance> victims = candidates.stream()
                .sorted(Comparator.comparing((Instance i) -> i.routable())
                        .thenComparingInt(i -> with.load().inFlight(i.id()))
                        .thenComparing(Instance::started, Comparator.nullsFirst(Comparator.reverseOrder())))
                .limit(count)
                .toList();
        for (Instance victim : victims) {
            Instance.Drain drain = new Instance.Drain(purpose, now, now.plus(svc.spec.sleepPolicy().drainTimeout()),
                    victim.mayHaveCalls());
            put(victim.withDrain(drain));
            emit(FleetEventType.INSTANCE_DRAINING, victim.id(), reason, "draining container " + victim.name());
        }
    }

    private void finishDrains(Instant now) {
        for (Instance i : List.copyOf(svc.instances.values())) {
            if (i.drain() == null) {
                continue;
            }
            // An instance never healthy since its start has served nothing; everything else waits for the routers.
            boolean done = !i.drain().mayHaveCalls() || with.load().drained(i.id(), i.drain().since())
                    || !now.isBefore(i.drain().deadline());
            if (!done) {
                continue;
            }
            if (i.drain().purpose() == Instance.Drain.Purpose.SLEEP && svc.specHash.equals(i.specHash())) {
                SleepMode mode = svc.sleepMode();
                try {
                    with.health().unwatch(i.id());
                    Instance sleeping = with.actions().sleep(i, mode);
                    put(sleeping);
                    emit(FleetEventType.INSTANCE_SLEEPING, i.id(), mode.yamlName(),
                            "container " + i.name() + " sleeps (" + mode.yamlName() + ")");
                } catch (EngineUnavailableException e) {
                    throw e;
                } catch (ContainerRuntimeException e) {
                    LOG.warn("service {}: {}; removing it instead", name(), e.getMessage());
                    removeInstance(i, "sleep-failed", e.getMessage());
                }
            } else {
                removeInstance(i, "drained", "removed container " + i.name() + " after draining");
            }
        }
    }

    /** An evicted service gives its memory back: paused sleepers are stopped (they stay sleepers). */
    private void stopPausedSleepersIfEvicting() {
        if (!svc.evicting || !svc.asleep) {
            return;
        }
        for (Instance i : List.copyOf(svc.instances.values())) {
            if (i.asleep() && i.state() == InstanceState.PAUSED) {
                try {
                    put(with.actions().sleep(i, SleepMode.STOP));
                    emit(FleetEventType.INSTANCE_SLEEPING, i.id(), SleepMode.STOP.yamlName(),
                            "paused container " + i.name() + " stopped to free its memory");
                } catch (EngineUnavailableException e) {
                    throw e;
                } catch (ContainerRuntimeException e) {
                    LOG.warn("service {}: {}; removing it instead", name(), e.getMessage());
                    removeInstance(i, "sleep-failed", e.getMessage());
                }
            }
        }
    }

    private void finishSleep(Instant now) {
        Transition slept = svc.finishSleep(now);
        if (slept != null) {
            LOG.info("service {} sleeps ({}, {})", name(), slept.mode(), slept.reason());
        }
    }

    /** Sleepers are kept only while the service sleeps, and only with the current spec. */
    private void removeUnneededSleepers() {
        long active = svc.instances.values().stream().filter(Instance::active).count();
        boolean surplus = !svc.asleep && (svc.desired == 0 || active >= svc.desired);
        for (Instance i : List.copyOf(svc.instances.values())) {
            if (!i.asleep()) {
                continue;
            }
            boolean stale = !svc.specHash.equals(i.specHash());
            if (stale || surplus) {
                removeInstance(i, stale ? "rolled" : "stopped", "removed sleeping container " + i.name());
            }
        }
    }

    private void removeInstance(Instance i, String reason, String message) {
        with.health().unwatch(i.id());
        try {
            with.actions().remove(i);
        } catch (EngineUnavailableException e) {
            throw e;
        } catch (ContainerRuntimeException e) {
            LOG.warn("service {}: {}", name(), e.getMessage());
            return;
        }
        svc.instances.remove(i.id());
        emit(FleetEventType.INSTANCE_REMOVED, i.id(), reason, message);
    }

    private void forget(Instance i, String reason, String message) {
        with.health().unwatch(i.id());
        svc.instances.remove(i.id());
        emit(FleetEventType.INSTANCE_REMOVED, i.id(), reason, message);
    }

    // ---- health ----

    private void applyProbe(Instance i, boolean healthy, Double seconds, String detail) {
        var check = svc.spec.health();
        if (healthy) {
            int successes = i.successes() + 1;
            boolean becomesHealthy = i.health() != HealthStatus.HEALTHY
                    && (i.state() == InstanceState.STARTING || successes >= check.healthyThreshold());
            Instance next = i.withProbe(becomesHealthy ? HealthStatus.HEALTHY : i.health(), 0, successes, seconds);
            if (becomesHealthy) {
                if (svc.instances.values().stream().noneMatch(Instance::routable)) {
                    // The service can serve from now on: its idle time starts here, not at the start
                    // request (a server slower to start than its idle_timeout would sleep at once).
                    svc.awakeSince = with.clock().instant();
                }
                if (next.state() == InstanceState.STARTING) {
                    next = next.withState(InstanceState.RUNNING);
                    svc.failures = 0;
                    svc.permanentFailure = false;
                    svc.lastError = null;
                    svc.waking = false;
                    finishWake();
                }
                put(next);
                watch(next);
                emit(FleetEventType.INSTANCE_HEALTHY, i.id(), "probe", "container " + i.name() + " is healthy");
            } else {
                put(next);
            }
            return;
        }
        int failures = i.failures() + 1;
        boolean becomesUnhealthy = i.health() == HealthStatus.HEALTHY && failures >= check.unhealthyThreshold();
        put(i.withProbe(becomesUnhealthy ? HealthStatus.UNHEALTHY : i.health(), failures, 0, seconds));
        if (becomesUnhealthy) {
            emit(FleetEventType.INSTANCE_UNHEALTHY, i.id(), "probe",
                    "container " + i.name() + " failed " + failures + " health checks: " + detail);
        }
    }

    private void watch(Instance i) {
        if (i.endpoint() == null) {
            return;
        }
        with.health().watch(new ProbeTarget(name(), i.id(), i.endpoint(), svc.spec.mcp().path(), svc.spec.health(),
                i.state() == InstanceState.STARTING));
    }

    // ---- bookkeeping ----

    private void wake(String reason, int floor) {
        boolean wasAsleep = svc.asleep;
        svc.asleep = false;
        if (svc.desired < floor) {
            svc.waking = wasAsleep;
            if (wasAsleep) {
                beginWake(reason);
            }
            setDesired(floor, reason);
        }
    }

    private void beginWake(String reason) {
        svc.beginWake(reason, with.clock().instant());
    }

    private void finishWake() {
        Transition woke = svc.finishWake(with.clock().instant());
        if (woke != null) {
            LOG.info("service {} woke ({}, {}) in {} ms", name(), woke.mode(), woke.reason(), woke.took().toMillis());
        }
    }

    private void setDesired(int replicas, String reason) {
        if (svc.desired != replicas) {
            int before = svc.desired;
            svc.desired = replicas;
            // A new wish deserves a fresh attempt, not the back-off of the old one.
            svc.retryAt = Instant.EPOCH;
            svc.permanentFailure = false;
            emit(FleetEventType.SCALED, null, reason, "desired replicas " + before + " -> " + replicas);
        }
    }

    private void recordFailure(Instant now, String message, boolean permanent) {
        svc.failures++;
        svc.lastError = message;
        svc.permanentFailure |= permanent;
        long backoffMs = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(svc.failures, 10));
        svc.retryAt = now.plusMillis(backoffMs);
        LOG.warn("service {}: {} (attempt {}, next in {} ms)", name(), message, svc.failures, backoffMs);
        emit(FleetEventType.SERVICE_STATE, null, "start-failed", message);
    }

    private void settleWaiters() {
        settleQuietWaiters();
        String refusal = svc.refusal;
        svc.refusal = null;
        if (svc.readinessWaiters.isEmpty()) {
            return;
        }
        Instance ready = svc.instances.values().stream().filter(Instance::routable).findFirst().orElse(null);
        String why = null;
        if (ready != null) {
            svc.readinessWaiters.forEach(w -> w.complete(ready));
            svc.readinessWaiters.clear();
        } else if (refusal != null) {
            why = "service " + name() + " cannot start: " + refusal;
        } else if (svc.permanentFailure || svc.failures >= FAILURES_BEFORE_FAILED || svc.desired == 0) {
            why = svc.desired == 0 ? "service " + name() + " was stopped while starting"
                    : "service " + name() + " cannot start: " + svc.lastError;
        }
        if (why != null) {
            StartFailedException failure = new StartFailedException(name(), why);
            svc.readinessWaiters.forEach(w -> w.completeExceptionally(failure));
            svc.readinessWaiters.clear();
        }
    }

    private void settleQuietWaiters() {
        if (svc.quietWaiters.isEmpty()) {
            return;
        }
        boolean quiet = svc.instances.values().stream().noneMatch(i -> i.state() == InstanceState.STARTING
                || i.state() == InstanceState.RUNNING || i.state() == InstanceState.DRAINING);
        if (quiet || svc.desired > 0) {
            // A start that overtook the stop also ends the wait: the caller sees the new state.
            ServiceSnapshot now = snapshot;
            svc.quietWaiters.forEach(w -> w.complete(now));
            svc.quietWaiters.clear();
        }
    }

    private void put(Instance i) {
        svc.instances.put(i.id(), i);
    }

    private void emit(String type, String instanceId, String reason, String message) {
        pending.add(new PendingEvent(type, instanceId, reason, message));
    }

    private void publish() {
        ServiceSnapshot next = svc.snapshot(with.clock().instant());
        snapshot = next;
        releaseReservations();
        if (pending.isEmpty() && next.state() == lastPublishedState) {
            return;
        }
        List<PendingEvent> events = List.copyOf(pending);
        pending.clear();
        for (PendingEvent e : events) {
            notifyListener(next, e);
        }
        if (next.state() != lastPublishedState) {
            lastPublishedState = next.state();
            notifyListener(next, new PendingEvent(FleetEventType.SERVICE_STATE, null, null,
                    "service " + name() + " is " + next.state().wireName()));
        }
    }

    private void releaseReservations() {
        for (Runnable release : reservations) {
            try {
                release.run();
            } catch (RuntimeException e) {
                LOG.warn("service {}: ending a capacity reservation failed", name(), e);
            }
        }
        reservations.clear();
    }

    private void notifyListener(ServiceSnapshot s, PendingEvent e) {
        try {
            with.listener().changed(s, e.type(), e.instanceId(), e.reason(), e.message());
        } catch (RuntimeException ex) {
            LOG.warn("a lifecycle listener failed on {} of {}", e.type(), name(), ex);
        }
    }

    /** Re-runs soon while something is in motion (draining, starting, backing off). */
    private void scheduleTick() {
        Instant now = with.clock().instant();
        Duration delay = null;
        for (Instance i : svc.instances.values()) {
            if (i.drain() != null || i.state() == InstanceState.STARTING) {
                delay = FAST_TICK;
            }
        }
        if (svc.waitingForRoom && svc.desired > 0) {
            delay = FAST_TICK;
        }
        if (delay == null && svc.desired > 0 && svc.instances.values().stream().filter(Instance::active).count()
                < svc.desired && svc.retryAt.isAfter(now)) {
            delay = Duration.between(now, svc.retryAt).plusMillis(10);
        }
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        if (delay != null) {
            try {
                tick = with.scheduler().schedule(this::reconcileSoon, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // The lifecycle is closing: nothing is reconciled any more.
            }
        }
    }

    private CompletableFuture<ServiceSnapshot> run(Runnable body) {
        return executor.submit(() -> {
            body.run();
            publish();
            return snapshot;
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
}
