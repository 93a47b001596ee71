package io.mcpfleet.api;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The per-service settings of {@code services.yml} that the router applies. The manager owns the
 * file; the router learns them here so that one file configures the fleet.
 *
 * @param mcpPath       the MCP path inside the container
 * @param sessions      {@code stateful} or {@code stateless}
 * @param balancing     {@code least_connections}, {@code round_robin} or {@code weighted}
 * @param callTimeoutMs per-call timeout
 * @param retry         {@code auto}, {@code always} or {@code never}
 * @param maxAttempts   most instances one call may be tried on
 * @param queueLimit    most calls held while the service wakes
 * @param wakeTimeoutMs how long a held call waits for the wake
 * @param tools         tools declared in services.yml, as MCP {@code Tool} objects (camelCase keys)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RoutingView(String mcpPath, String sessions, String balancing, long callTimeoutMs, String retry,
                          int maxAttempts, int queueLimit, long wakeTimeoutMs, List<Map<String, Object>> tools) {
}
