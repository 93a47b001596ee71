package io.mcpfleet.manager.sleep;

import io.mcpfleet.manager.activity.ActivityLedger;
import io.mcpfleet.manager.activity.ActivityLedger.Activity;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts idle services to sleep ({@link IdleRule}): every interval, and soon after each activity
 * report. The lifecycle does the rest: it drains (routers stop sending calls, calls in flight end,
 * within {@code sleep_policy.drain_timeout}), then pauses or stops the containers; a start while
 * it drains cancels the sleep.
 */
public final class SleepPolicyEnforcer {

    private static final Logger LOG = LoggerFactory.getLogger(SleepPolicyEnforcer.class);
    static final String REASON = "idle";

    private final ActivityLedger ledger;
    private final Clock clock;
    /** When work was last seen in flight, per service: idle time starts after it. */
    private final Map<String, Instant> busySeen = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<?>> sleeping = new ConcurrentHashMap<>();
    private final AtomicBoolean checkQueued = new AtomicBoolean();

    public SleepPolicyEnforcer(ActivityLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Checks the fleet every {@code every} on {@code scheduler}, and after each activity report. */
    public void start(FleetLifecycle fleet, ScheduledExecutorService scheduler, Duration every) {
        scheduler.scheduleWithFixedDelay(() -> checkQuietly(fleet), every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        ledger.onReport(() -> {
            // Coalesced: many routers reporting at once make one check.
            if (checkQueued.compareAndSet(false, true)) {
                scheduler.execute(() -> checkQuietly(fleet));
            }
        });
    }

    /** Looks at every service once and puts those that qualify to sleep. */
    void check(FleetLifecycle fleet) {
        checkQueued.set(false);
        Instant now = clock.instant();
        boolean reporting = ledger.liveRouters() > 0;
        for (ServiceSnapshot s : fleet.services()) {
            Optional<Activity> activity = ledger.of(s.name());
            if (activity.isPresent() && activity.get().busy()) {
                busySeen.put(s.name(), now);
            }
            CompletableFuture<?> inProgress = sleeping.get(s.name());
            if (inProgress != null && !inProgress.isDone()) {
                continue;
            }
            SleepVerdict verdict = IdleRule.judge(s, activity, lastActive(s.name()), reporting, now);
            if (verdict.sleep()) {
                LOG.info("service {}: {}; putting it to sleep ({})", s.name(), verdict.why(),
                        s.spec().sleepPolicy().mode().yamlName());
                sleeping.put(s.name(), fleet.sleepIfStill(s.name(), REASON, s.awakeSince()));
            }
        }
    }

    /** The policy's view of one service now, for the status API. */
    public SleepVerdict verdict(ServiceSnapshot s) {
        return IdleRule.judge(s, ledger.of(s.name()), lastActive(s.name()), ledger.liveRouters() > 0,
                clock.instant());
    }

    /** The latest of the last reported call and the last time work was seen in flight, or null. */
    private Instant lastActive(String service) {
        Instant busy = busySeen.get(service);
        Instant call = ledger.lastCall(service).orElse(null);
        if (busy == null || call == null) {
            return busy == null ? call : busy;
        }
        return busy.isAfter(call) ? busy : call;
    }

    private void checkQuietly(FleetLifecycle fleet) {
        try {
            check(fleet);
        } catch (RuntimeException e) {
            LOG.warn("the sleep policy check failed; trying again at the next one", e);
        }
    }
}
