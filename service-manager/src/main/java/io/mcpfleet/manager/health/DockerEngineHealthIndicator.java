package io.mcpfleet.manager.health;

import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: a manager that cannot reach the Docker engine cannot start anything, so it
 * tells the orchestrator; its API keeps answering (with clear errors) and it recovers on its own.
 */
@Component("docker")
class DockerEngineHealthIndicator implements HealthIndicator {

    private final FleetLifecycle fleet;

    DockerEngineHealthIndicator(FleetLifecycle fleet) {
        this.fleet = fleet;
    }

    @Override
    public Health health() {
        return fleet.engineReachable() ? Health.up().build()
                : Health.down().withDetail("reason", "the Docker engine does not answer").build();
    }
}
