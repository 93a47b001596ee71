package io.mcpfleet.config;

/** How the manager decides that an instance is healthy. */
public enum HealthCheckType {
    /**
     * The default, which works for any MCP server over Streamable HTTP: a GET on the MCP path;
     * any HTTP answer below 500 (most servers answer 400 or 405 to a bare GET) means the server
     * is up and serving.
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
