package io.mcpfleet.manager.activity;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.ServiceActivity;
import io.mcpfleet.manager.lifecycle.InstanceLoad;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The latest activity report of every router. A report older than {@code expiry} no longer
 * counts (its router is gone), so a dead router cannot keep a service awake forever.
 */
public final class ActivityLedger implements InstanceLoad {

    private final Clock clock;
    private final Duration expiry;
    private final Duration drainGrace;
    private final Map<String, Received> reports = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /**
     * The latest call start per service over every report ever received: a router names a service
     * only while it is busy or had a call since its previous report, so a report's
     * {@code ms_since_last_call} alone is forgotten a second later.
     */
    private final Map<String, Instant> lastCalls = new ConcurrentHashMap<>();

    private record Received(ActivityReport report, Instant at) {
    }

    /**
     * @param expiry     how long a report counts
     * @param drainGrace how long after a drain begins a report must arrive to prove the router knew
     *                   of the drain when it made it (the drain event takes a few ms to reach it)
     */
    public ActivityLedger(Clock clock, Duration expiry, Duration drainGrace) {
        this.clock = clock;
        this.expiry = expiry;
        this.drainGrace = drainGrace;
    }

    public void record(ActivityReport report) {
        Instant now = clock.instant();
        reports.put(report.routerId(), new Received(report, now));
        report.services().forEach((service, a) -> {
            if (a.msSinceLastCall() != null) {
                lastCalls.merge(service, now.minusMillis(a.msSinceLastCall()), (x, y) -> x.isAfter(y) ? x : y);
            }
        });
        listeners.forEach(Runnable::run);
    }

    /** When the latest call to the service started, as any router ever reported it (this manager's memory). */
    public Optional<Instant> lastCall(String service) {
        return Optional.ofNullable(lastCalls.get(service));
    }

    /** Runs {@code listener} after every report, on the reporting request's thread: it must be quick. */
    public void onReport(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public int inFlight(String instanceId) {
        int total = 0;
        for (Received r : fresh()) {
            for (ServiceActivity a : r.report().services().values()) {
                if (a.instances() != null) {
                    total += a.instances().getOrDefault(instanceId, 0);
                }
            }
        }
        return total;
    }

    @Override
    public boolean drained(String instanceId, Instant since) {
        Instant proof = since.plus(drainGrace);
        for (Received r : fresh()) {
            if (r.at().isBefore(proof)) {
                return false;
            }
            for (ServiceActivity a : r.report().services().values()) {
                if (a.instances() != null && a.instances().getOrDefault(instanceId, 0) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A service's activity over every live router: sums of in-flight calls, streams and sessions,
     * and the time since the most recent call (empty if no router has reported on it).
     */
    public Optional<Activity> of(String service) {
        Instant now = clock.instant();
        int inFlight = 0;
        int streams = 0;
        int sessions = 0;
        Duration sinceLastCall = null;
        boolean any = false;
        for (Received r : fresh()) {
            ServiceActivity a = r.report().services().get(service);
            if (a == null) {
                continue;
            }
            any = true;
            inFlight += a.inFlight();
            streams += a.streams();
            sessions += a.sessions();
            if (a.msSinceLastCall() != null) {
                Duration ago = Duration.ofMillis(a.msSinceLastCall()).plus(Duration.between(r.at(), now));
                sinceLastCall = sinceLastCall == null || ago.compareTo(sinceLastCall) < 0 ? ago : sinceLastCall;
            }
        }
        return any ? Optional.of(new Activity(inFlight, streams, sessions, sinceLastCall)) : Optional.empty();
    }

    /** Routers whose reports still count. */
    public int liveRouters() {
        return fresh().size();
    }

    private List<Received> fresh() {
        Instant oldest = clock.instant().minus(expiry);
        return reports.values().stream().filter(r -> r.at().isAfter(oldest)).toList();
    }

    /**
     * @param inFlight      calls in flight
     * @param streams       open streams
     * @param sessions      bound client sessions
     * @param sinceLastCall time since the latest call, or {@code null} if none was reported
     */
    public record Activity(int inFlight, int streams, int sessions, Duration sinceLastCall) {

        public boolean busy() {
            return inFlight > 0 || streams > 0 || sessions > 0;
        }
    }
}
