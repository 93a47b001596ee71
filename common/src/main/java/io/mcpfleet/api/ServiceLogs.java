package io.mcpfleet.api;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /services/{name}/logs}: the latest lines of the service's instances, oldest first.
 *
 * @param service the service name
 * @param lines   at most {@code tail} lines over all the instances read, by time
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServiceLogs(String service, List<LogLine> lines) {
}
