package io.mcpfleet.router.activation;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.ServiceActivity;
import io.mcpfleet.router.balancing.InstanceLoad;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * What the router has in flight, per service and per instance: calls (held ones included),
 * open call streams, bound sessions, and when the last call started. The manager reads it (as an
 * {@link ActivityReport}) to never put a busy service to sleep. Hot-path updates are atomics on
 * objects looked up once per call; no locks.
 */
@Component
public class ActivityTracker {

    private final Clock clock;
    private final Map<String, Counters> services = new ConcurrentHashMap<>();

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

    /** The current activity, for the manager. */
    public ActivityReport report(String routerId) {
        long now = clock.millis();
        Map<String, ServiceActivity> out = new HashMap<>();
        services.forEach((name, c) -> {
            Map<String, Integer> perInstance = new HashMap<>();
            c.instances.forEach((id, load) -> {
                if (load.inFlight() > 0) {
                    perInstance.put(id, load.inFlight());
                }
            });
            long last = c.lastCall.get();
            out.put(name, new ServiceActivity(c.inFlight.get(), c.streams.get(), c.sessions.get(),
                    last == 0 ? null : Math.max(0, now - last), perInstance));
        });
        return new ActivityReport(routerId, out);
    }

    /** One service's counters. */
    public final class Counters {
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger streams = new AtomicInteger();
        private final AtomicInteger sessions = new AtomicInteger();
        private final AtomicLong lastCall = new AtomicLong();
        private final Map<String, InstanceLoad> instances = new ConcurrentHashMap<>();

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

        public void sessionBound() {
            sessions.incrementAndGet();
        }

        public void sessionUnbound() {
            sessions.decrementAndGet();
        }

        /** The load of one instance (in flight, latency), shared with the balancer. */
        public InstanceLoad instance(String id) {
            InstanceLoad load = instances.get(id);
            return load != null ? load : instances.computeIfAbsent(id, k -> new InstanceLoad());
        }

        public void forgetInstance(String id) {
            instances.remove(id);
        }
    }
}
