package io.mcpfleet.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A service's sleep policy as the API shows it.
 *
 * @param enabled       whether the service sleeps when idle
 * @param mode          {@code stop} or {@code pause}
 * @param idleTimeoutMs idle time before sleeping, in milliseconds
 * @param priority      {@code low}, {@code normal}, {@code high} or {@code critical}
 * @param asleep        whether it sleeps now
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SleepView(boolean enabled, String mode, long idleTimeoutMs, String priority, boolean asleep) {
}
