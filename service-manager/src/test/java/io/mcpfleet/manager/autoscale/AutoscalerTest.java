package io.mcpfleet.manager.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.Autoscale;
import io.mcpfleet.config.Replicas;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.manager.lifecycle.Admission;
import io.mcpfleet.manager.lifecycle.CapacityGate;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import io.mcpfleet.manager.lifecycle.TestFleet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The autoscaler on a real lifecycle over an in-memory engine: load from the ledger and the runtime. */
class AutoscalerTest {

    private static final Autoscale ON = new Autoscale(true, 10, 0.5, Duration.ofSeconds(60), Duration.ofSeconds(6),
            2.0, Duration.ofSeconds(30), Duration.ofSeconds(5));
    private final TestFleet test = new TestFleet();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void callsInFlightScaleAServiceOutWithAnEventAndAMetric() {
        FleetLifecycle fleet = test.start(CapacityGate.UNLIMITED, spec("echo", ON));
        fleet.start("echo", "test").ready().join();
        Autoscaler autoscaler = new Autoscaler(fleet, test.ledger, test.runtime, meters, test.clock);

        everySecond(4, autoscaler, () -> test.report("echo", 40, 0L));

        await().until(() -> fleet.service("echo").healthy() >= 3);
        assertThat(test.events).anyMatch(e -> e.startsWith("echo scaled autoscale: panic, "));
        assertThat(meters.get("fleet_autoscale_decisions_total").tags("service", "echo", "direction", "up",
                "reason", "panic").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void cpuLoadScalesAServiceOut() {
        FleetLifecycle fleet = test.start(CapacityGate.UNLIMITED, spec("echo", ON));
        String id = fleet.start("echo", "test").ready().join().id();
        Autoscaler autoscaler = new Autoscaler(fleet, test.ledger, test.runtime, meters, test.clock);

        everySecond(10, autoscaler,
                () -> test.runtime.usage.put(id, new ResourceUsage(64L << 20, 0.9, test.clock.instant())));

        await().until(() -> fleet.service("echo").desired() == 2);
    }

    @Test
    void aSleepingServiceIsNeverWokenHoweverManyCallsWait() {
        FleetLifecycle fleet = test.start(CapacityGate.UNLIMITED, spec("echo", ON));
        fleet.start("echo", "test").ready().join();
        fleet.sleep("echo", "idle").join();
        Autoscaler autoscaler = new Autoscaler(fleet, test.ledger, test.runtime, meters, test.clock);

        everySecond(10, autoscaler, () -> test.report("echo", 100, 0L));

        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(meters.find("fleet_autoscale_decisions_total").counters()).isEmpty();
    }

    @Test
    void afterTheBudgetRefusesAnInstanceItDoesNotAskAgainEverySecond() {
        AtomicInteger admitted = new AtomicInteger();
        // Room for one instance, never for a second.
        FleetLifecycle fleet = test.start(spec -> admitted.getAndIncrement() == 0 ? Admission.granted(null)
                : Admission.denied("memory budget exceeded: echo needs 64 MiB"), spec("echo", ON));
        fleet.start("echo", "test").ready().join();
        Autoscaler autoscaler = new Autoscaler(fleet, test.ledger, test.runtime, meters, test.clock);

        everySecond(3, autoscaler, () -> test.report("echo", 100, 0L));
        await().until(() -> fleet.service("echo").refusedAt() != null);

        everySecond(20, autoscaler, () -> test.report("echo", 100, 0L));

        assertThat(test.events.stream().filter(e -> e.endsWith("start-failed"))).hasSize(1);
        assertThat(fleet.service("echo").desired()).isEqualTo(1);
        assertThat(fleet.service("echo").healthy()).isEqualTo(1);
    }

    @Test
    void aServiceWithoutAutoscaleIsLeftAlone() {
        FleetLifecycle fleet = test.start(CapacityGate.UNLIMITED, spec("echo", Autoscale.DEFAULT));
        fleet.start("echo", "test").ready().join();
        Autoscaler autoscaler = new Autoscaler(fleet, test.ledger, test.runtime, meters, test.clock);

        everySecond(10, autoscaler, () -> test.report("echo", 100, 0L));

        assertThat(fleet.service("echo").desired()).isEqualTo(1);
    }

    /** For each of {@code seconds}: the clock moves a second, the load is set, the autoscaler ticks. */
    private void everySecond(int seconds, Autoscaler autoscaler, Runnable load) {
        for (int s = 0; s < seconds; s++) {
            test.clock.advance(Duration.ofSeconds(1));
            load.run();
            autoscaler.tick();
        }
    }

    private static ServiceSpec spec(String name, Autoscale autoscale) {
        return ServiceSpec.builder(name, "mimic:1", 8000).replicas(new Replicas(0, 5)).autoscale(autoscale).build();
    }
}
