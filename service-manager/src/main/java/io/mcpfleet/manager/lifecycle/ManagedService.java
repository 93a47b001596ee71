package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.InstanceState;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.config.SleepMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The mutable state of one service. Touched only by its {@link ServiceWorker}'s thread; everyone
 * else reads the {@link ServiceSnapshot} it publishes.
 */
final class ManagedService {

    ServiceSpec spec;
    String specHash;
    int desired;
    boolean asleep;
    /** Set while a wake is in progress, for the WAKING state. */
    boolean waking;
    final Map<String, Instance> instances = new LinkedHashMap<>();
    /** The containers and their states at the last full look at the engine (list and inspect). */
    Map<String, ContainerStatus> lastSeen = Map.of();
    /** Consecutive failed starts; drives the back-off and the FAILED state. */
    int failures;
    Instant retryAt = Instant.EPOCH;
    String lastError;
    /** A start failure that retrying will not fix soon (missing image): fails waiters at once. */
    boolean permanentFailure;
    final List<CompletableFuture<Instance>> readinessWaiters = new ArrayList<>();
    /** The capacity gate is making room (other services drain to sleep): ask it again soon. */
    boolean waitingForRoom;
    /** Why the capacity gate refused a start just now: the waiting callers are told once it is published. */
    String refusal;
    /** When the capacity gate last refused. */
    Instant refusedAt;
    /** Completed once nothing of the service runs any more (stop, sleep). */
    final List<CompletableFuture<ServiceSnapshot>> quietWaiters = new ArrayList<>();
    /**
     * The last start request, wake, adoption, or the moment the service became ready to serve
     * again (its first healthy instance): the sleep policy's idle timer starts at the latest of
     * these, so a service nobody reports calls for still sleeps {@code idle_timeout} after it was
     * last wanted and could serve.
     */
    Instant awakeSince;
    /** When this manager took the service over: startup timeouts of adopted instances count from here. */
    Instant adoptedAt;
    /** Sleep in stop mode whatever the policy says, paused sleepers too: the memory budget wants the memory. */
    boolean evicting;
    /** The sleep or wake in progress, and the last finished ones (for the status API and metrics). */
    Transition pendingSleep;
    Transition pendingWake;
    Transition lastSleep;
    Transition lastWake;

    ManagedService(ServiceSpec spec, String specHash) {
        this.spec = spec;
        this.specHash = specHash;
    }

    // ---- sleeps and wakes in progress ----

    void beginSleep(String reason, boolean evict, Instant now) {
        boolean alreadyAsleep = asleep && desired == 0;
        if (!alreadyAsleep || (evict && !evicting)) {
            pendingSleep = Transition.begin(reason, evict ? SleepMode.STOP.yamlName()
                    : spec.sleepPolicy().mode().yamlName(), now);
        }
        evicting |= evict;
        pendingWake = null;
    }

    /** How instances go to sleep now: the policy's mode, or stop when evicted. */
    SleepMode sleepMode() {
        return evicting ? SleepMode.STOP : spec.sleepPolicy().mode();
    }

    /** Ends the sleep in progress once nothing runs (nor stays paused, when evicted); the finished sleep or null. */
    Transition finishSleep(Instant now) {
        if (pendingSleep == null || !asleep) {
            return null;
        }
        boolean quiet = instances.values().stream().noneMatch(i -> i.state() == InstanceState.STARTING
                || i.state() == InstanceState.RUNNING || i.state() == InstanceState.DRAINING
                || (evicting && i.state() == InstanceState.PAUSED));
        if (!quiet) {
            return null;
        }
        lastSleep = pendingSleep.completedAt(now);
        pendingSleep = null;
        return lastSleep;
    }

    void beginWake(String reason, Instant now) {
        pendingWake = Transition.begin(reason, null, now);
        pendingSleep = null;
        evicting = false;
    }

    /** How the wake in progress brings its first instance back: pause, stop or create. */
    void noteWakeMode(String mode) {
        if (pendingWake != null && pendingWake.mode() == null) {
            pendingWake = pendingWake.withMode(mode);
        }
    }

    /** Ends the wake in progress (an instance is healthy); the finished wake or null. */
    Transition finishWake(Instant now) {
        if (pendingWake == null) {
            return null;
        }
        lastWake = pendingWake.completedAt(now);
        pendingWake = null;
        return lastWake;
    }

    /** Forgets a sleep or wake in progress: a stop, or a sleep a call cancelled. */
    void dropTransitions() {
        pendingSleep = null;
        pendingWake = null;
        evicting = false;
    }

    ServiceState state() {
        long routable = instances.values().stream().filter(Instance::routable).count();
        boolean draining = instances.values().stream().anyMatch(i -> i.state() == InstanceState.DRAINING);
        if (desired == 0) {
            if (draining) {
                return ServiceState.DRAINING;
            }
            return asleep ? ServiceState.SLEEPING : ServiceState.STOPPED;
        }
        if (routable == 0) {
            if (failures >= ServiceWorker.FAILURES_BEFORE_FAILED || permanentFailure) {
                return ServiceState.FAILED;
            }
            return waking ? ServiceState.WAKING : ServiceState.STARTING;
        }
        return routable < desired ? ServiceState.DEGRADED : ServiceState.RUNNING;
    }

    ServiceSnapshot snapshot(Instant now) {
        return new ServiceSnapshot(spec, state(), desired, asleep, new ArrayList<>(instances.values()), lastError, now,
                awakeSince, lastSleep, lastWake, refusedAt);
    }
}
