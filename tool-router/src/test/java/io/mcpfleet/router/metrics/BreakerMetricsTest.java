package io.mcpfleet.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.router.activation.Activator;
import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.InMemoryFleetDirectory;
import io.mcpfleet.router.resilience.Breakers;
import io.mcpfleet.testsupport.MutableClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Breakers are counted by service and state: instance ids, which come and go, are never label values. */
class BreakerMetricsTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FleetView fleet = new FleetView();
    private final Breakers breakers = new Breakers(new RouterProperties.Breaker(50, 2, 2, Duration.ofSeconds(10), 1),
            clock);

    BreakerMetricsTest() {
        new RouterMetrics(registry, new ActivityTracker(clock), new Activator(fleet, new InMemoryFleetDirectory(),
                Executors.newSingleThreadExecutor()), breakers, fleet);
    }

    private static void open(CircuitBreaker breaker) {
        for (int i = 0; i < 2; i++) {
            breaker.tryAcquirePermission();
            breaker.onError(1, TimeUnit.MILLISECONDS, new IOException("down"));
        }
    }

    private double breakersIn(String service, String state) {
        return registry.get("fleet.router.breakers").tags("service", service, "state", state).gauge().value();
    }

    @Test
    void instancesAreCountedByTheStateOfTheirBreaker() {
        fleet.applyInstances("svc", ServiceState.RUNNING, List.of(new RoutableInstance("c0ffee01", "http://a:1"),
                new RoutableInstance("c0ffee02", "http://b:1")));
        breakers.of("svc", "c0ffee01");
        open(breakers.of("svc", "c0ffee02"));

        assertThat(breakersIn("svc", "closed")).isEqualTo(1);
        assertThat(breakersIn("svc", "open")).isEqualTo(1);
        assertThat(breakersIn("svc", "half_open")).isZero();
        assertThat(registry.get("fleet.router.breaker.openings").tag("service", "svc").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(Tag::getValue)
                .doesNotContain("c0ffee01", "c0ffee02");
    }

    @Test
    void anOpeningIsStillCountedAfterItsInstanceLeft() {
        fleet.applyInstances("svc", ServiceState.RUNNING, List.of(new RoutableInstance("c0ffee01", "http://a:1")));
        open(breakers.of("svc", "c0ffee01"));

        breakers.remove("c0ffee01");

        assertThat(breakersIn("svc", "open")).isZero();
        assertThat(registry.get("fleet.router.breaker.openings").tag("service", "svc").functionCounter().count())
                .isEqualTo(1);
    }

    @Test
    void aServiceThatLeftTheFleetTakesItsMetersWithIt() {
        fleet.applyInstances("svc", ServiceState.RUNNING, List.of(new RoutableInstance("c0ffee01", "http://a:1")));

        fleet.applySummaries(List.of());

        assertThat(registry.getMeters()).extracting(Meter::getId).filteredOn(id -> "svc".equals(id.getTag("service")))
                .isEmpty();
    }
}
