package io.mcpfleet.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One line of {@code GET /services}.
 *
 * @param name             the service name
 * @param state            the service state
 * @param desiredReplicas  instances wanted now (0 when stopped or asleep)
 * @param runningReplicas  containers running (not paused)
 * @param healthyReplicas  running containers that pass the health check
 * @param sleep            its sleep policy and whether it sleeps now
 * @param routing          what the router needs to route calls to it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServiceSummary(String name, ServiceState state, int desiredReplicas, int runningReplicas,
                             int healthyReplicas, SleepView sleep, RoutingView routing) {
}
