package io.mcpfleet.api;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One line a service's instance wrote, in {@code GET /services/{name}/logs} (and, one per SSE
 * {@code line} event, when it follows).
 *
 * @param instance     the container id
 * @param instanceName the container name
 * @param time         when the engine received the line
 * @param stream       {@code stdout} or {@code stderr}
 * @param text         the line without its line break, cut to the manager's line limit
 * @param truncated    whether {@code text} was cut
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LogLine(String instance, String instanceName, Instant time, String stream, String text,
                      boolean truncated) {
}
