package io.mcpfleet.config;

/** How the manager and the router speak MCP to a service's server. */
public enum Transport {
    /** The server serves MCP Streamable HTTP on {@code port} at {@code mcp.path}; the router reaches it directly. */
    HTTP,
    /**
     * The server speaks MCP over its stdin and stdout (newline-delimited JSON-RPC). The manager
     * attaches to the container's streams and serves each instance as a Streamable HTTP endpoint
     * (the bridge); there is no port.
     */
    STDIO;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
