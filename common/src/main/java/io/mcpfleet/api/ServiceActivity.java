package io.mcpfleet.api;

import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One service's activity as one router sees it.
 *
 * @param inFlight        calls in flight (including calls held while the service wakes)
 * @param streams         open SSE streams to the service's instances
 * @param sessions        client sessions bound to the service's instances
 * @param msSinceLastCall milliseconds since the last call started, or {@code null} if none yet
 *                        (relative, so the two processes' clocks need not agree)
 * @param instances       calls in flight by container id
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServiceActivity(int inFlight, int streams, int sessions, Long msSinceLastCall,
                              Map<String, Integer> instances) {
}
