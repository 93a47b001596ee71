package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.ServiceActivity;
import io.mcpfleet.config.FleetConfig;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.manager.activity.ActivityLedger;
import io.mcpfleet.testsupport.MutableClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fleet over an in-memory engine, instantly healthy servers, a clock the test moves and the real
 * activity ledger: for tests of the policies that drive the lifecycle (sleep, autoscaling, budget).
 */
public final class TestFleet implements AutoCloseable {

    public final MutableClock clock = new MutableClock();
    public final InMemoryRuntime runtime = new InMemoryRuntime(clock);
    public final ManualHealth health = new ManualHealth();
    public final ActivityLedger ledger = new ActivityLedger(clock, Duration.ofSeconds(5), Duration.ofMillis(250));
    /** Every event as {@code "<service> <type> <reason>"}. */
    public final List<String> events = new CopyOnWriteArrayList<>();
    private FleetLifecycle fleet;

    public TestFleet() {
        health.autoHealthy = true;
    }

    public FleetLifecycle start(CapacityGate gate, ServiceSpec... specs) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        for (ServiceSpec spec : specs) {
            services.put(spec.name(), spec);
        }
        fleet = new FleetLifecycle(new FleetConfig(null, services),
                new FleetSettings("unit", null, null, "127.0.0.1", Duration.ofSeconds(1), Duration.ofMinutes(10)),
                runtime, health, ledger,
                (s, type, id, reason, message) -> events.add(s.name() + " " + type + " " + reason), gate, clock);
        fleet.start();
        return fleet;
    }

    public FleetLifecycle fleet() {
        return fleet;
    }

    /** One router's report: {@code inFlight} calls on the service, last call {@code msSinceLastCall} ago. */
    public void report(String service, int inFlight, Long msSinceLastCall) {
        ledger.record(new ActivityReport("router-1", Map.of(service,
                new ServiceActivity(inFlight, 0, 0, msSinceLastCall, Map.of()))));
    }

    @Override
    public void close() {
        if (fleet != null) {
            fleet.close();
        }
    }
}
