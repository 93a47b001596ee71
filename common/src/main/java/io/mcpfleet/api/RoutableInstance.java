package io.mcpfleet.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An instance the router may send calls to: running, healthy and not draining.
 *
 * @param id       the container id (the router keys breakers and session bindings by it)
 * @param endpoint base URL, e.g. {@code http://127.0.0.1:49153}; the router appends the MCP path
 * @param bridge   the endpoint is the manager's bridge to a stdio server: the router sends it the
 *                 API token ({@code FLEET_API_TOKEN}), which it sends to no other backend
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RoutableInstance(String id, String endpoint, Boolean bridge) {

    /** Absent (a manager from before stdio services): not a bridge. */
    public RoutableInstance {
        bridge = Boolean.TRUE.equals(bridge);
    }

    /** An instance that serves MCP over HTTP itself. */
    public RoutableInstance(String id, String endpoint) {
        this(id, endpoint, false);
    }
}
