package io.mcpfleet.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An instance the router may send calls to: running, healthy and not draining.
 *
 * @param id       the container id (the router keys breakers and session bindings by it)
 * @param endpoint base URL, e.g. {@code http://127.0.0.1:49153}; the router appends the MCP path
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RoutableInstance(String id, String endpoint) {
}
