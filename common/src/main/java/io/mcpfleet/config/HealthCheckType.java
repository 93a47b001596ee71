package io.mcpfleet.config;

/** How the manager decides that an instance is healthy. */
public enum HealthCheckType {
    /**
     * The default, which works for any MCP server over Streamable HTTP: an MCP {@code initialize}
     * on the MCP path, healthy when a JSON-RPC response comes back (a 404, an HTML page or any
     * other reply is not).
     */
    MCP,
    /** A GET on {@code health.path}; 2xx or 3xx is healthy. For servers that have a health endpoint. */
    HTTP,
    /** A TCP connect to the port. */
    TCP;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
