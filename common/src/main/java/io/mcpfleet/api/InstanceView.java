package io.mcpfleet.api;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One container of a service.
 *
 * @param id       the container id
 * @param name     the container name
 * @param state    its lifecycle state
 * @param health   the manager's probe result
 * @param endpoint the MCP base URL the router uses (scheme, host and port, no path), or {@code null} when not running
 * @param started  when it last started, or {@code null}
 * @param cpu      CPU use in cores (latest sample), or {@code null} before the first sample
 * @param memory   memory use in bytes (latest sample), or {@code null} before the first sample
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstanceView(String id, String name, InstanceState state, HealthStatus health, String endpoint,
                           Instant started, Double cpu, Long memory) {
}
