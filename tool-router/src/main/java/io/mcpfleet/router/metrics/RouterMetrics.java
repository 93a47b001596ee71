package io.mcpfleet.router.metrics;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.activation.Activator;
import io.mcpfleet.router.discovery.FleetListener;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.ServiceView;
import io.mcpfleet.router.resilience.Breakers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The router's metrics: {@code fleet_router_calls_total{service,tool,outcome}},
 * {@code fleet_router_call_duration_seconds{service,outcome}} (histogram),
 * {@code fleet_router_in_flight{service}}, {@code fleet_router_held_calls{service}},
 * {@code fleet_router_breakers{service,state}} (instances whose breaker is in that state) and
 * {@code fleet_router_breaker_openings_total{service}}, {@code fleet_router_loop_starts_total{result}}
 * ({@link LoopStart}). Tags are bounded: services and tools come
 * from the fleet and the catalog (unknown names are tagged {@code unknown}), outcomes from
 * {@link Outcome}; breakers are counted by service, never labelled by instance (container ids come
 * and go). Meters are looked up once and cached, so recording a call allocates nothing.
 */
@Component
public class RouterMetrics implements FleetListener, CallRecorder {

    /** The tag value for a service or tool name the catalog does not know. */
    public static final String UNKNOWN = "unknown";
    /** The states the router's breakers take (forced and disabled states are never used). */
    private static final List<CircuitBreaker.State> BREAKER_STATES = List.of(CircuitBreaker.State.CLOSED,
            CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);

    private final MeterRegistry registry;
    private final ActivityTracker tracker;
    private final Activator activator;
    private final Breakers breakers;
    private final Map<String, ServiceMeters> services = new ConcurrentHashMap<>();
    private final Counter[] loopStarts = new Counter[LoopStart.values().length];

    RouterMetrics(MeterRegistry registry, ActivityTracker tracker, Activator activator, Breakers breakers,
                  FleetView fleet) {
        this.registry = registry;
        this.tracker = tracker;
        this.activator = activator;
        this.breakers = breakers;
        for (LoopStart how : LoopStart.values()) {
            loopStarts[how.ordinal()] = Counter.builder("fleet.router.loop.starts")
                    .description("Calls offered to the event loop that read them, by how that went")
                    .tag("result", how.tag()).register(registry);
        }
        fleet.addListener(this);
    }

    @Override
    public void loopStart(LoopStart how) {
        loopStarts[how.ordinal()].increment();
    }

    /** Records one finished call. */
    @Override
    public void record(String service, String tool, Outcome outcome, long nanos) {
        ServiceMeters s = services.get(service);
        if (s == null) {
            s = services.computeIfAbsent(service, ServiceMeters::new);
        }
        s.record(tool, outcome, nanos);
    }

    @Override
    public void serviceChanged(ServiceView before, ServiceView after) {
        if (before == null) {
            services.computeIfAbsent(after.name(), ServiceMeters::new);
        }
    }

    @Override
    public void serviceRemoved(ServiceView last) {
        ServiceMeters s = services.remove(last.name());
        if (s != null) {
            s.remove();
        }
    }

    /** The meters of one service, created as they are first needed. */
    private final class ServiceMeters {
        private final String service;
        private final Timer[] durations = new Timer[Outcome.values().length];
        private final Map<String, Counter[]> calls = new ConcurrentHashMap<>();
        private final List<Meter> meters;

        ServiceMeters(String service) {
            this.service = service;
            if (UNKNOWN.equals(service)) {
                meters = List.of();
                return;
            }
            ActivityTracker.Counters counters = tracker.of(service);
            List<Meter> made = new ArrayList<>();
            made.add(Gauge.builder("fleet.router.in.flight", counters, ActivityTracker.Counters::inFlight)
                    .description("Calls in flight (held ones included)").tag("service", service).register(registry));
            made.add(Gauge.builder("fleet.router.held.calls", activator, a -> a.held(service))
                    .description("Calls held while the service wakes").tag("service", service).register(registry));
            for (CircuitBreaker.State state : BREAKER_STATES) {
                made.add(Gauge.builder("fleet.router.breakers", breakers, b -> b.count(service, state))
                        .description("Instances whose circuit breaker is in this state")
                        .tags("service", service, "state", state.name().toLowerCase(Locale.ROOT)).register(registry));
            }
            made.add(FunctionCounter.builder("fleet.router.breaker.openings", breakers, b -> b.openings(service))
                    .description("Times a breaker of an instance of the service opened").tag("service", service)
                    .register(registry));
            this.meters = List.copyOf(made);
        }

        void record(String tool, Outcome outcome, long nanos) {
            Counter[] byOutcome = calls.get(tool);
            if (byOutcome == null) {
                byOutcome = calls.computeIfAbsent(tool, t -> new Counter[Outcome.values().length]);
            }
            int i = outcome.ordinal();
            Counter counter = byOutcome[i];
            if (counter == null) {
                counter = Counter.builder("fleet.router.calls").description("Tool calls by service, tool and outcome")
                        .tags("service", service, "tool", tool, "outcome", outcome.tag()).register(registry);
                byOutcome[i] = counter;
            }
            counter.increment();
            Timer timer = durations[i];
            if (timer == null) {
                timer = Timer.builder("fleet.router.call.duration").description("Tool call duration through the router")
                        .tags("service", service, "outcome", outcome.tag()).publishPercentileHistogram()
                        .register(registry);
                durations[i] = timer;
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }

        void remove() {
            meters.forEach(registry::remove);
            for (Timer t : durations) {
                if (t != null) {
                    registry.remove(t);
                }
            }
            calls.values().forEach(cs -> {
                for (Counter c : cs) {
                    if (c != null) {
                        registry.remove(c);
                    }
                }
            });
        }
    }
}
