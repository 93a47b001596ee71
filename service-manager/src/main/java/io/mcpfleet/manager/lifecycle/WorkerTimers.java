package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.InstanceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When a service's worker reconciles again by itself: soon while something is in motion
 * (starting, draining, waiting for room), when a back-off ends, and shortly after a burst of
 * engine events.
 */
final class WorkerTimers {

    private static final Duration FAST_TICK = Duration.ofMillis(200);
    private static final Duration EVENT_DELAY = Duration.ofMillis(50);

    private final ManagedService svc;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Runnable reconcileSoon;
    private final AtomicBoolean eventReconcileQueued = new AtomicBoolean();
    /** Worker thread only. */
    private ScheduledFuture<?> tick;

    /** @param reconcileSoon queues a reconcile on the worker */
    WorkerTimers(ManagedService svc, ScheduledExecutorService scheduler, Clock clock, Runnable reconcileSoon) {
        this.svc = svc;
        this.scheduler = scheduler;
        this.clock = clock;
        this.reconcileSoon = reconcileSoon;
    }

    /** After a reconcile (worker thread): re-runs soon while something is in motion. */
    void scheduleTick() {
        Instant now = clock.instant();
        Duration delay = null;
        boolean moving = svc.instances().stream().anyMatch(i -> i.drain() != null
                || i.state() == InstanceState.STARTING);
        if (moving || (svc.starts().waitingForRoom() && svc.desired() > 0)) {
            delay = FAST_TICK;
        }
        Instant retryAt = svc.starts().backoff().retryAt();
        if (delay == null && svc.desired() > 0 && svc.instances().active() < svc.desired() && retryAt.isAfter(now)) {
            delay = Duration.between(now, retryAt).plusMillis(10);
        }
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        if (delay != null) {
            tick = schedule(reconcileSoon, delay);
        }
    }

    /**
     * An engine event (any thread): reconcile shortly, once for a burst. Most events echo the
     * worker's own actions (an unpause, a start); reconciling at once would list the engine just as
     * the woken instance's first probe answers, and hold that answer up behind the listing.
     */
    void engineEvent() {
        if (eventReconcileQueued.compareAndSet(false, true)) {
            schedule(() -> {
                eventReconcileQueued.set(false);
                reconcileSoon.run();
            }, EVENT_DELAY);
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // The lifecycle is closing: nothing is reconciled any more.
            return null;
        }
    }
}
