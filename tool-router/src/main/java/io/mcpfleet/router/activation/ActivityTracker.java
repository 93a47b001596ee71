package io.mcpfleet.router.activation;

import io.mcpfleet.api.ServiceActivity;
import io.mcpfleet.router.balancing.InstanceLoad;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * What the router has in flight, per service and per instance: calls (held ones included), open
 * call streams, bound sessions, and when the last call started. {@link ActivityReporter} sends it
 * to the manager, which never puts a busy service to sleep. Hot-path updates are atomics on
 * objects looked up once per call; no locks, no allocation. Everything else (bindings, counting
 * the live ones) happens per binding or per report, not per call.
 */
@Component
public class ActivityTracker {

    private final Clock clock;
    private final Map<String, Counters> services = new ConcurrentHashMap<>();
    private volatile Runnable reportSoon = () -> { };

    public ActivityTracker(Clock clock) {
        this.clock = clock;
    }

    /** The counters of a service; keep the reference for the duration of a call. */
    public Counters of(String service) {
        Counters c = services.get(service);
        return c != null ? c : services.computeIfAbsent(service, k -> new Counters());
    }

    /** Drops a service the fleet no longer has. */
    public void forget(String service) {
        services.remove(service);
    }

    /** Asks for a report now rather than at the next interval (the last call on a draining instance ended). */
    public void reportSoon() {
        reportSoon.run();
    }

    void onReportSoon(Runnable action) {
        reportSoon = action;
    }

    /**
     * Every service's activity now.
     *
     * @param liveForMillis per service: how recently a bound client session must have made a
     *                      request to count (the service's idle timeout)
     */
    List<Snapshot> snapshot(ToLongFunction<String> liveForMillis) {
        long now = clock.millis();
        List<Snapshot> out = new ArrayList<>(services.size());
        services.forEach((name, c) -> out.add(c.snapshot(name, now, liveForMillis.applyAsLong(name))));
        return out;
    }

    /**
     * One service at one moment.
     *
     * @param lastCallMillis when its last call started ({@link Clock#millis()}), 0 if never
     */
    record Snapshot(String service, ServiceActivity activity, long lastCallMillis) {

        boolean busy() {
            return activity.inFlight() > 0 || activity.streams() > 0 || activity.sessions() > 0;
        }
    }

    /** One service's counters. */
    public final class Counters {
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger streams = new AtomicInteger();
        private final AtomicLong lastCall = new AtomicLong();
        private final Map<String, InstanceLoad> instances = new ConcurrentHashMap<>();
        // Instances that left the fleet while calls still ran on them: reported until those end.
        private final Set<String> retired = ConcurrentHashMap.newKeySet();
        private final Map<Object, SessionUse> bindings = new ConcurrentHashMap<>();

        public void callStarted() {
            inFlight.incrementAndGet();
            lastCall.set(clock.millis());
        }

        public void callEnded() {
            inFlight.decrementAndGet();
        }

        public int inFlight() {
            return inFlight.get();
        }

        public void streamOpened() {
            streams.incrementAndGet();
        }

        public void streamClosed() {
            streams.decrementAndGet();
        }

        /** A client session bound a backend session of this service ({@code binding} identifies it). */
        public void sessionBound(Object binding, SessionUse use) {
            bindings.put(binding, use);
        }

        public void sessionUnbound(Object binding) {
            bindings.remove(binding);
        }

        /** The load of one instance (in flight, latency), shared with the balancer. */
        public InstanceLoad instance(String id) {
            // compute, not get: atomic with the pruning of retired instances in snapshot()
            return instances.compute(id, (k, load) -> {
                retired.remove(k);
                return load != null ? load : new InstanceLoad();
            });
        }

        /** The instance left the fleet; its calls in flight are still reported until they end. */
        public void forgetInstance(String id) {
            retired.add(id);
            prune(id);
        }

        private void prune(String id) {
            instances.computeIfPresent(id, (k, load) -> {
                if (retired.contains(k) && load.inFlight() <= 0) {
                    retired.remove(k);
                    return null;
                }
                return load;
            });
        }

        private Snapshot snapshot(String name, long now, long liveFor) {
            retired.forEach(this::prune);
            Map<String, Integer> perInstance = new HashMap<>();
            instances.forEach((id, load) -> {
                int n = load.inFlight();
                if (n > 0) {
                    perInstance.put(id, n);
                }
            });
            int sessions = 0;
            int relayed = 0;
            for (SessionUse use : bindings.values()) {
                if (use.live(now, liveFor)) {
                    sessions++;
                    if (use.holdsStream()) {
                        relayed++;
                    }
                }
            }
            long last = lastCall.get();
            ServiceActivity activity = new ServiceActivity(Math.max(0, inFlight.get()),
                    Math.max(0, streams.get()) + relayed, sessions, last == 0 ? null : Math.max(0, now - last),
                    perInstance);
            return new Snapshot(name, activity, last);
        }
    }
}
