package io.mcpfleet.manager.api;

import io.mcpfleet.api.FleetOverview;
import io.mcpfleet.api.InstanceView;
import io.mcpfleet.api.ServiceStatus;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import io.mcpfleet.manager.resources.Footprints;
import io.mcpfleet.manager.resources.MemoryBudget;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /fleet}: the whole fleet in one answer, as the console shows it. */
@RestController
class FleetController {

    private final FleetLifecycle fleet;
    private final Views views;
    private final MemoryBudget budget;
    private final Footprints footprints;
    private final String fleetName;

    FleetController(FleetLifecycle fleet, Views views, MemoryBudget budget, Footprints footprints,
                    @Value("${fleet.name:fleet}") String fleetName) {
        this.fleet = fleet;
        this.views = views;
        this.budget = budget;
        this.footprints = footprints;
        this.fleetName = fleetName;
    }

    @Operation(summary = "Every service with its status, image, memory and tool count, and the fleet's memory",
            description = "What the console shows, in one answer: each service's status as /services/{name}/status "
                    + "gives it, its image, memory limit and use, declared tools, and what its sleep gives back; "
                    + "the fleet's memory budget, what it holds, and what sleeping saves now.")
    @GetMapping(path = "/fleet", produces = "application/json")
    FleetOverview overview() {
        List<ServiceSnapshot> services = fleet.services().stream()
                .sorted(Comparator.comparing(ServiceSnapshot::name)).toList();
        List<FleetOverview.Service> rows = services.stream().map(this::service).toList();
        long saves = rows.stream().mapToLong(FleetOverview.Service::sleepingSavesBytes).sum();
        return new FleetOverview(fleetName, budget.limited() ? budget.budget() : null, budget.source(),
                budget.accounted(), saves, rows);
    }

    private FleetOverview.Service service(ServiceSnapshot s) {
        ServiceStatus status = views.status(s);
        List<Long> used = status.instances().stream().map(InstanceView::memory).filter(Objects::nonNull).toList();
        long limit = s.spec().resources().memoryBytes();
        return new FleetOverview.Service(s.spec().image(), limit > 0 ? limit : null,
                used.isEmpty() ? null : used.stream().mapToLong(Long::longValue).sum(), s.spec().tools().size(),
                footprints.released(s), status);
    }
}
