package io.mcpfleet.router.discovery;

import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.api.ServiceSummary;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The router's picture of the fleet: every service with its routing settings and routable
 * instances. Reads are lock-free (immutable {@link ServiceView}s in a concurrent map); writes
 * come from the discovery thread and are serialised per service.
 */
@Component
public class FleetView {

    private static final Logger log = LoggerFactory.getLogger(FleetView.class);

    private final Map<String, ServiceView> services = new ConcurrentHashMap<>();
    private final List<FleetListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean synced;
    private volatile long eventsSeen = -1;
    /** Events applied so far, and for each service the count when its last event was applied. */
    private final AtomicLong eventsApplied = new AtomicLong();
    private final Map<String, Long> lastEventOf = new ConcurrentHashMap<>();

    public ServiceView service(String name) {
        return services.get(name);
    }

    public Collection<ServiceView> services() {
        return services.values();
    }

    /** Whether the manager has answered {@code GET /services} at least once. */
    public boolean synced() {
        return synced;
    }

    public void addListener(FleetListener listener) {
        listeners.add(listener);
    }

    /**
     * A mark to take before reading the manager's API for a resync: what the resync then applies
     * for a service yields to any event of that service applied after the mark, since the event
     * may be newer than the answer (an instance that became healthy between the two reads would
     * otherwise be dropped from the view until the next event or resync).
     */
    public long eventMark() {
        return eventsApplied.get();
    }

    /** Applies {@code GET /services}: settings and states; services no longer listed are dropped. */
    public void applySummaries(List<ServiceSummary> summaries) {
        applySummaries(summaries, Long.MAX_VALUE);
    }

    /** Like {@link #applySummaries(List)}, keeping the state of services an event changed after {@code mark}. */
    public void applySummaries(List<ServiceSummary> summaries, long mark) {
        Set<String> listed = new HashSet<>();
        for (ServiceSummary summary : summaries) {
            listed.add(summary.name());
            RoutingSettings routing = RoutingSettings.from(summary.routing(), summary.sleep());
            update(summary.name(), before -> {
                List<InstanceRef> instances = before == null ? List.of() : rebase(before.instances(), before, routing);
                ServiceState state = before != null && newerEvent(summary.name(), mark) ? before.state()
                        : summary.state();
                return new ServiceView(summary.name(), state, routing, instances);
            });
        }
        for (ServiceView gone : List.copyOf(services.values())) {
            if (!listed.contains(gone.name()) && services.remove(gone.name(), gone)) {
                log.info("service {} is no longer configured; its tools are no longer listed", gone.name());
                listeners.forEach(l -> l.serviceRemoved(gone));
            }
        }
        if (!synced) {
            // Synced only once every summary is in: until then a view may come from an event
            // snapshot, with default routing (no declared tools), and listeners that act on a synced
            // fleet (learning the tools of a never-run service) would misjudge it. Unchanged views
            // are announced once, as those listeners have not heard of them while synced.
            synced = true;
            for (String name : listed) {
                ServiceView current = services.get(name);
                if (current != null) {
                    listeners.forEach(l -> l.serviceChanged(current, current));
                }
            }
        }
    }

    /** Applies one service's routable instances (from {@code GET /services/{name}/instances} or an event). */
    public void applyInstances(String service, ServiceState state, List<RoutableInstance> instances) {
        applyInstances(service, state, instances, Long.MAX_VALUE);
    }

    /** Like {@link #applyInstances(String, ServiceState, List)}, unless an event of the service came after {@code mark}. */
    public void applyInstances(String service, ServiceState state, List<RoutableInstance> instances, long mark) {
        update(service, before -> {
            if (before != null && newerEvent(service, mark)) {
                return before;
            }
            RoutingSettings routing = before == null ? RoutingSettings.DEFAULT : before.routing();
            List<InstanceRef> refs = new ArrayList<>();
            for (RoutableInstance instance : instances == null ? List.<RoutableInstance>of() : instances) {
                if (instance.id() != null && instance.endpoint() != null) {
                    refs.add(new InstanceRef(instance.id(), mcpUrl(instance.endpoint(), routing.mcpPath()),
                            instance.bridge()));
                }
            }
            return before == null ? new ServiceView(service, state, routing, refs) : before.withInstances(state, refs);
        });
    }

    public void apply(FleetEvent event) {
        if (event.service() != null) {
            // Noted before the view changes: a resync that reads the view after this sees the mark.
            lastEventOf.put(event.service(), eventsApplied.incrementAndGet());
            applyInstances(event.service(), event.state(), event.instances());
        }
        // After the listeners ran: whoever reads this knows the view reflects the event.
        eventsSeen = event.seq();
    }

    /** The sequence number of the last manager event applied, or {@code null} before the first. */
    public Long eventsSeen() {
        long seen = eventsSeen;
        return seen < 0 ? null : seen;
    }

    /** Adds a service known only from the persisted catalog, before the manager has answered. */
    public void addIfAbsent(String service) {
        update(service, before -> before != null ? before
                : new ServiceView(service, ServiceState.STOPPED, RoutingSettings.DEFAULT, List.of()));
    }

    private boolean newerEvent(String service, long mark) {
        Long last = lastEventOf.get(service);
        return last != null && last > mark;
    }

    private void update(String name, java.util.function.UnaryOperator<ServiceView> change) {
        ServiceView[] beforeAfter = new ServiceView[2];
        services.compute(name, (k, before) -> {
            beforeAfter[0] = before;
            beforeAfter[1] = change.apply(before);
            return beforeAfter[1];
        });
        if (!beforeAfter[1].equals(beforeAfter[0])) {
            listeners.forEach(l -> l.serviceChanged(beforeAfter[0], beforeAfter[1]));
        }
    }

    private static List<InstanceRef> rebase(List<InstanceRef> instances, ServiceView before, RoutingSettings routing) {
        if (before.routing().mcpPath().equals(routing.mcpPath())) {
            return instances;
        }
        List<InstanceRef> out = new ArrayList<>();
        for (InstanceRef ref : instances) {
            String url = ref.mcpUrl().toString();
            String base = url.substring(0, url.length() - before.routing().mcpPath().length());
            out.add(new InstanceRef(ref.id(), mcpUrl(base, routing.mcpPath()), ref.bridge()));
        }
        return out;
    }

    static URI mcpUrl(String endpoint, String mcpPath) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return URI.create(base + mcpPath);
    }
}
