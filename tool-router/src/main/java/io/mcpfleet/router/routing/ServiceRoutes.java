package io.mcpfleet.router.routing;

import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.balancing.Balancer;
import io.mcpfleet.router.discovery.FleetListener;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.InstanceRef;
import io.mcpfleet.router.discovery.RoutingSettings;
import io.mcpfleet.router.discovery.ServiceView;
import io.mcpfleet.router.resilience.Breakers;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.UpstreamClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The run-time side of each service: its {@link Backend}s (kept across updates so their load,
 * breaker and pooled sessions survive) and its balancer. Follows {@link FleetView}: the current
 * backends are derived from the current view whenever it has changed, so a call that was
 * released by a wake always sees the new instance.
 */
@Component
class ServiceRoutes implements FleetListener {

    private final FleetView fleet;
    private final Breakers breakers;
    private final ActivityTracker tracker;
    private final UpstreamClient upstream;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    ServiceRoutes(FleetView fleet, Breakers breakers, ActivityTracker tracker, UpstreamClient upstream) {
        this.fleet = fleet;
        this.breakers = breakers;
        this.tracker = tracker;
        this.upstream = upstream;
        fleet.addListener(this);
    }

    /** The current route of a service (its view may be a default one if the manager never named it). */
    Route route(String service) {
        Route route = routes.get(service);
        if (route == null) {
            route = routes.computeIfAbsent(service, Route::new);
        }
        ServiceView view = fleet.service(service);
        if (view != null && view != route.view) {
            route.update(view);
        }
        return route;
    }

    @Override
    public void serviceChanged(ServiceView before, ServiceView after) {
        Route route = routes.get(after.name());
        if (route != null) {
            route.update(after);
        }
    }

    @Override
    public void serviceRemoved(ServiceView last) {
        Route route = routes.remove(last.name());
        if (route != null) {
            route.update(new ServiceView(last.name(), last.state(), last.routing(), List.of()));
        }
        tracker.forget(last.name());
        breakers.forgetService(last.name());
    }

    /** One service's backends and balancer. */
    final class Route {
        final String service;
        private volatile ServiceView view;
        private volatile List<Backend> backends = List.of();
        private volatile Balancer balancer;
        private volatile RoutingSettings settings = RoutingSettings.DEFAULT;

        Route(String service) {
            this.service = service;
            this.balancer = Balancer.of(settings.balancing());
        }

        RoutingSettings settings() {
            return settings;
        }

        List<Backend> backends() {
            return backends;
        }

        Balancer balancer() {
            return balancer;
        }

        private synchronized void update(ServiceView next) {
            if (next == view) {
                return;
            }
            if (settings.balancing() != next.routing().balancing()) {
                balancer = Balancer.of(next.routing().balancing());
            }
            settings = next.routing();
            Map<String, Backend> current = new HashMap<>();
            backends.forEach(b -> current.put(b.id(), b));
            List<Backend> updated = new ArrayList<>();
            ActivityTracker.Counters counters = tracker.of(service);
            for (InstanceRef ref : next.instances()) {
                Backend existing = current.remove(ref.id());
                if (existing != null && existing.ref.equals(ref)) {
                    updated.add(existing);
                } else {
                    if (existing != null) {
                        retire(existing, counters);
                    }
                    updated.add(new Backend(service, ref, counters.instance(ref.id()), breakers.of(service, ref.id())));
                }
            }
            current.values().forEach(b -> retire(b, counters));
            backends = List.copyOf(updated);
            view = next;
        }

        private void retire(Backend backend, ActivityTracker.Counters counters) {
            backend.markRemoved();
            for (BackendSession pooled : List.copyOf(backend.pooled.values())) {
                if (backend.dropPooled(pooled)) {
                    upstream.close(pooled);
                }
            }
            breakers.remove(backend.id());
            counters.forgetInstance(backend.id());
        }
    }
}
