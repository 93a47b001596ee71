package io.mcpfleet.config;

import java.util.Objects;

/**
 * Where the server speaks MCP (Streamable HTTP) inside its container.
 *
 * @param path     the HTTP path of the MCP endpoint
 * @param sessions stateful (default) or stateless
 */
public record McpEndpoint(String path, SessionMode sessions) {

    public static final McpEndpoint DEFAULT = new McpEndpoint("/mcp", SessionMode.STATEFUL);

    public McpEndpoint {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("mcp.path must start with '/', got " + path);
        }
        Objects.requireNonNull(sessions, "mcp.sessions");
    }
}
