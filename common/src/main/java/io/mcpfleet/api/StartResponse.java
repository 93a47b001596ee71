package io.mcpfleet.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /services/{name}/start}.
 *
 * @param status      {@code started} (an instance is healthy) or {@code starting} (with {@code ?wait=false})
 * @param containerId the instance that is (or will be) serving
 * @param state       the service state after the call
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StartResponse(String status, String containerId, ServiceState state) {
}
