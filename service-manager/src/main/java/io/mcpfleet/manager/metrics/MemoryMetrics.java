package io.mcpfleet.manager.metrics;

import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import io.mcpfleet.manager.resources.Footprints;
import io.mcpfleet.manager.resources.MemoryBudget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The memory budget and what sleeping gave back, read at scrape time. */
public final class MemoryMetrics {

    private MemoryMetrics() {
    }

    public static void bind(MeterRegistry registry, FleetLifecycle fleet, Footprints footprints, MemoryBudget budget) {
        for (ServiceSnapshot s : fleet.services()) {
            String name = s.name();
            Gauge.builder("fleet_sleeping_memory_bytes", fleet,
                            f -> f.find(name).map(footprints::released).orElse(0L))
                    .description("Memory the service's stopped sleepers used when they last ran: what sleeping gave back")
                    .baseUnit("bytes")
                    .tag("service", name)
                    .register(registry);
        }
        if (budget.limited()) {
            Gauge.builder("fleet_memory_budget_bytes", budget, MemoryBudget::budget)
                    .description("The memory budget (fleet.memory-budget)")
                    .baseUnit("bytes")
                    .register(registry);
            Gauge.builder("fleet_memory_accounted_bytes", budget, MemoryBudget::accounted)
                    .description("Memory held by the fleet as the budget counts it: limits, else measured use")
                    .baseUnit("bytes")
                    .register(registry);
        }
    }
}
