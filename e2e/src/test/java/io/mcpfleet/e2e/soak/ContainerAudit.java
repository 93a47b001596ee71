package io.mcpfleet.e2e.soak;

import static org.awaitility.Awaitility.await;

import io.mcpfleet.e2e.FleetHarness;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Containers a soak leaked: those of the fleet that the manager does not list among its instances
 * (orphans), and those still there after every service was stopped.
 */
final class ContainerAudit {

    private final FleetHarness fleet;
    private final List<String> services;

    ContainerAudit(FleetHarness fleet, List<String> services) {
        this.fleet = fleet;
        this.services = services;
    }

    /** Containers of the fleet, in any state, that the manager does not count as one of its instances. */
    Set<String> orphans() {
        Set<String> known = new HashSet<>();
        for (String service : services) {
            fleet.managerApi().status(service).instances().forEach(i -> known.add(i.id()));
        }
        Set<String> orphans = new HashSet<>(fleet.containers().states().keySet());
        orphans.removeAll(known);
        return orphans;
    }

    /** Stops every service and returns what is left a minute and a half later. */
    Set<String> leftAfterStoppingEverything() {
        services.forEach(s -> fleet.managerApi().stop(s));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> fleet.containers().states().isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below
        }
        return fleet.containers().states().keySet();
    }
}
