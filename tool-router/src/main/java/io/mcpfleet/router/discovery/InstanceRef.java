package io.mcpfleet.router.discovery;

import java.net.URI;

/**
 * A routable instance: its container id and the full URL of its MCP endpoint.
 *
 * @param id     the container id (breakers and bindings are keyed by it)
 * @param mcpUrl the endpoint base URL with the service's MCP path appended
 * @param bridge the endpoint is the manager's bridge to a stdio server, which wants the API token
 */
public record InstanceRef(String id, URI mcpUrl, boolean bridge) {

    /** An instance that serves MCP over HTTP itself. */
    public InstanceRef(String id, URI mcpUrl) {
        this(id, mcpUrl, false);
    }
}
