package io.mcpfleet.router.discovery;

import java.net.URI;

/**
 * A routable instance: its container id and the full URL of its MCP endpoint.
 *
 * @param id     the container id (breakers and bindings are keyed by it)
 * @param mcpUrl the endpoint base URL with the service's MCP path appended
 */
public record InstanceRef(String id, URI mcpUrl) {
}
