package io.mcpfleet.api;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One state change, as streamed by {@code GET /events} (the SSE event name is {@link #type}).
 * Every event carries the service's state and its routable instances <em>after</em> the change,
 * so a consumer can replace its view of the service from any single event, and a missed event
 * is healed by the next one (or a resync).
 *
 * @param seq        increasing sequence number (also the SSE id)
 * @param time       when the change happened
 * @param type       what happened, see {@link FleetEventType}
 * @param service    the service it concerns
 * @param state      the service state after the change
 * @param instanceId the container it concerns, or {@code null}
 * @param reason     a short machine-readable reason (e.g. {@code api}, {@code idle}, {@code crashed}, {@code unhealthy}), or {@code null}
 * @param message    a human-readable sentence, or {@code null}
 * @param instances  the service's routable instances after the change
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FleetEvent(long seq, Instant time, String type, String service, ServiceState state, String instanceId,
                         String reason, String message, List<RoutableInstance> instances) {
}
