package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.InstanceState;
import io.mcpfleet.config.SleepMode;
import java.time.Instant;

/**
 * The sleep or wake of a service in progress, and the last finished ones (for the status API and
 * metrics). At most one is in progress: beginning one forgets the other.
 */
final class Transitions {

    private Transition pendingSleep;
    private Transition pendingWake;
    private Transition lastSleep;
    private Transition lastWake;
    /** Sleep in stop mode whatever the policy says, paused sleepers too: the memory budget wants the memory. */
    private boolean evicting;

    /**
     * @param alreadyAsleep the service sleeps already: only an eviction of a service not yet evicted
     *                      is a new sleep
     */
    void beginSleep(String reason, SleepMode policyMode, boolean alreadyAsleep, boolean evict, Instant now) {
        if (!alreadyAsleep || (evict && !evicting)) {
            pendingSleep = Transition.begin(reason, evict ? SleepMode.STOP.yamlName() : policyMode.yamlName(), now);
        }
        evicting |= evict;
        pendingWake = null;
    }

    /** How instances go to sleep now: the policy's mode, or stop when evicted. */
    SleepMode sleepMode(SleepMode policyMode) {
        return evicting ? SleepMode.STOP : policyMode;
    }

    boolean evicting() {
        return evicting;
    }

    /** Ends the sleep in progress once nothing runs (nor stays paused, when evicted); the finished sleep or null. */
    Transition finishSleep(Instances instances, Instant now) {
        if (pendingSleep == null) {
            return null;
        }
        boolean quiet = instances.stream().noneMatch(i -> Instances.running(i)
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

    boolean waking() {
        return pendingWake != null;
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

    /** Forgets a wake that will not happen (the service sleeps on). */
    void abandonWake() {
        pendingWake = null;
    }

    /** Forgets a sleep or wake in progress: a stop, or a sleep a call cancelled. */
    void drop() {
        pendingSleep = null;
        pendingWake = null;
        evicting = false;
    }

    Transition lastSleep() {
        return lastSleep;
    }

    Transition lastWake() {
        return lastWake;
    }
}
