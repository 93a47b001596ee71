package io.mcpfleet.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The last probe of one instance.
 *
 * @param containerId  the container id
 * @param status       {@code healthy} or {@code unhealthy}
 * @param responseTime the last probe's duration in seconds, or {@code null} when it got no answer
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstanceHealth(String containerId, String status, Double responseTime) {
}
