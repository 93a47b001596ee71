package io.mcpfleet.router.activation;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.ServiceActivity;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.DirectoryException;
import io.mcpfleet.router.discovery.FleetDirectory;
import io.mcpfleet.router.discovery.FleetListener;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.InstanceRef;
import io.mcpfleet.router.discovery.RoutingSettings;
import io.mcpfleet.router.discovery.ServiceView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends the router's activity to the manager ({@code POST /activity}) every report interval, busy
 * or not (the manager counts a router only while it keeps reporting), and at once, debounced, when
 * an instance leaves the routable set (a drain began) or the last call on such an instance ends,
 * so drains end when the calls do rather than at the next interval.
 *
 * <p>A report names the services with something in flight, open streams or live bindings, those
 * with a call since the previous report, and, once more, those that were busy in the previous
 * report, so the manager sees them drop to zero. Reports go out on a thread of their own: a slow
 * manager must not hold up the router's other timers.
 */
@Component
class ActivityReporter implements SmartLifecycle, FleetListener {

    private static final Logger log = LoggerFactory.getLogger(ActivityReporter.class);

    private final ActivityTracker tracker;
    private final FleetView fleet;
    private final FleetDirectory directory;
    private final String routerId;
    private final RouterProperties.Activity settings;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile ScheduledExecutorService thread;
    // Touched by the reporting thread only.
    private final Set<String> busyBefore = new HashSet<>();
    private final Map<String, Long> callsBefore = new HashMap<>();
    private boolean warned;

    ActivityReporter(ActivityTracker tracker, FleetView fleet, FleetDirectory directory, RouterProperties properties) {
        this.tracker = tracker;
        this.fleet = fleet;
        this.directory = directory;
        this.routerId = RouterIds.of(properties.routerId());
        this.settings = properties.activity();
        tracker.onReportSoon(this::reportSoon);
        fleet.addListener(this);
    }

    String routerId() {
        return routerId;
    }

    @Override
    public void start() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "activity-reporter");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        long every = settings.reportInterval().toMillis();
        t.scheduleWithFixedDelay(this::reportQuietly, 0, every, TimeUnit.MILLISECONDS);
        thread = t;
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = thread;
        thread = null;
        if (t != null) {
            t.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** Sends a report after the debounce, joined by every other request for one meanwhile. */
    void reportSoon() {
        ScheduledExecutorService t = thread;
        if (t != null && pending.compareAndSet(false, true)) {
            schedule(t, () -> {
                pending.set(false);
                reportQuietly();
            }, settings.debounce().toNanos());
        }
    }

    @Override
    public void serviceChanged(ServiceView before, ServiceView after) {
        if (before == null || !leftTheFleet(before, after)) {
            return;
        }
        reportSoon();
        ScheduledExecutorService t = thread;
        if (t != null) {
            schedule(t, this::reportQuietly, settings.drainFollowUp().toNanos());
        }
    }

    private static boolean leftTheFleet(ServiceView before, ServiceView after) {
        for (InstanceRef ref : before.instances()) {
            if (!after.instances().contains(ref)) {
                return true;
            }
        }
        return false;
    }

    private static void schedule(ScheduledExecutorService t, Runnable task, long delayNanos) {
        try {
            t.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the manager stops counting this router on its own
        }
    }

    private void reportQuietly() {
        try {
            directory.reportActivity(next());
            if (warned) {
                warned = false;
                log.info("activity reports reach the manager again");
            }
        } catch (DirectoryException e) {
            if (!warned) {
                warned = true;
                log.warn("cannot report activity to the manager ({}); it may put busy services to sleep until "
                        + "reports arrive again", e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("activity report failed", e);
        }
    }

    /** The next report; remembers what it said, for the one after. */
    ActivityReport next() {
        // Read before the counters: a report that says it saw an event reflects at least that event.
        Long seen = fleet.eventsSeen();
        Map<String, ServiceActivity> services = new HashMap<>();
        Set<String> busyNow = new HashSet<>();
        Set<String> known = new HashSet<>();
        for (ActivityTracker.Snapshot s : tracker.snapshot(this::liveForMillis)) {
            known.add(s.service());
            Long before = callsBefore.get(s.service());
            boolean newCall = s.lastCallMillis() != 0 && (before == null || before != s.lastCallMillis());
            if (s.busy()) {
                busyNow.add(s.service());
            }
            if (s.busy() || newCall || busyBefore.contains(s.service())) {
                services.put(s.service(), s.activity());
            }
            callsBefore.put(s.service(), s.lastCallMillis());
        }
        callsBefore.keySet().retainAll(known);
        busyBefore.clear();
        busyBefore.addAll(busyNow);
        return new ActivityReport(routerId, services, seen);
    }

    private long liveForMillis(String service) {
        ServiceView view = fleet.service(service);
        RoutingSettings routing = view == null ? RoutingSettings.DEFAULT : view.routing();
        return routing.idleTimeout().toMillis();
    }
}
