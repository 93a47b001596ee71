package io.mcpfleet.router.discovery;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.RoutingView;
import io.mcpfleet.api.ServiceInstances;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.api.ServiceSummary;
import io.mcpfleet.api.SleepView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A manager in memory, for routing tests: services with their routing settings and instances,
 * events pushed to subscribers at once, and {@code start} running a per-service action (which
 * may bring a real mimic up and {@link #publish} it). Real MCP backends, fake manager.
 */
public class InMemoryFleetDirectory implements FleetDirectory {

    private final Map<String, RoutingView> routing = new ConcurrentHashMap<>();
    private final Map<String, List<RoutableInstance>> instances = new ConcurrentHashMap<>();
    private final Map<String, Consumer<String>> starters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
    private final Map<String, Long> idleTimeouts = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<ActivityReport> reports = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private volatile boolean reachable = true;

    public void add(String service, RoutingView view, List<RoutableInstance> running, Consumer<String> starter) {
        routing.put(service, view);
        instances.put(service, List.copyOf(running));
        if (starter != null) {
            starters.put(service, starter);
        }
    }

    /** Replaces a service's routable instances and tells subscribers, like the manager's events. */
    public void publish(String service, List<RoutableInstance> running) {
        instances.put(service, List.copyOf(running));
        FleetEvent event = new FleetEvent(seq.incrementAndGet(), Instant.now(), FleetEventType.INSTANCE_HEALTHY,
                service, running.isEmpty() ? ServiceState.STOPPED : ServiceState.RUNNING, null, "test", null,
                List.copyOf(running));
        listeners.forEach(l -> l.onEvent(event));
    }

    /** Tells subscribers the service is in {@code state} with no routable instance (starting, stopped...). */
    public void state(String service, ServiceState state) {
        instances.put(service, List.of());
        FleetEvent event = new FleetEvent(seq.incrementAndGet(), Instant.now(), FleetEventType.SERVICE_STATE, service,
                state, null, "test", null, List.of());
        listeners.forEach(l -> l.onEvent(event));
    }

    /** Takes every instance of a service out of rotation, as the manager does when a drain begins. */
    public long drain(String service) {
        instances.put(service, List.of());
        long n = seq.incrementAndGet();
        FleetEvent event = new FleetEvent(n, Instant.now(), FleetEventType.INSTANCE_DRAINING, service,
                ServiceState.DRAINING, null, "idle", null, List.of());
        listeners.forEach(l -> l.onEvent(event));
        return n;
    }

    /** The service's sleep idle timeout as {@code GET /services} shows it (default 300 s). */
    public void idleTimeout(String service, long millis) {
        idleTimeouts.put(service, millis);
    }

    /** Replaces what a start of the service does. */
    public void onStart(String service, Consumer<String> starter) {
        starters.put(service, starter);
    }

    public int starts(String service) {
        AtomicInteger n = starts.get(service);
        return n == null ? 0 : n.get();
    }

    public void reachable(boolean value) {
        reachable = value;
    }

    public List<ActivityReport> reports() {
        return reports;
    }

    @Override
    public List<ServiceSummary> services() {
        check();
        List<ServiceSummary> out = new ArrayList<>();
        routing.forEach((name, view) -> {
            int healthy = instances.getOrDefault(name, List.of()).size();
            out.add(new ServiceSummary(name, healthy > 0 ? ServiceState.RUNNING : ServiceState.STOPPED, healthy,
                    healthy, healthy, new SleepView(true, "stop", idleTimeouts.getOrDefault(name, 300_000L), "normal",
                    healthy == 0), view));
        });
        return out;
    }

    @Override
    public ServiceInstances instances(String service) {
        check();
        List<RoutableInstance> running = instances.getOrDefault(service, List.of());
        return new ServiceInstances(service, running.isEmpty() ? ServiceState.STOPPED : ServiceState.RUNNING, running);
    }

    @Override
    public void start(String service) {
        check();
        if (!routing.containsKey(service)) {
            throw new DirectoryException("manager refused to start " + service + ": HTTP 404", 404, null);
        }
        starts.computeIfAbsent(service, k -> new AtomicInteger()).incrementAndGet();
        Consumer<String> starter = starters.get(service);
        if (starter != null) {
            starter.accept(service);
        }
    }

    @Override
    public void reportActivity(ActivityReport report) {
        check();
        reports.add(report);
    }

    @Override
    public AutoCloseable subscribe(Listener listener) {
        listeners.add(listener);
        listener.onConnected();
        return () -> listeners.remove(listener);
    }

    private void check() {
        if (!reachable) {
            throw new DirectoryException("cannot reach manager (test)", 0, null);
        }
    }
}
