package io.mcpfleet.config;

/** How the router picks an instance for a call (or a new session). */
public enum Balancing {
    /** The instance with the fewest calls in flight (ties broken round robin). The default. */
    LEAST_CONNECTIONS,
    ROUND_ROBIN,
    /** Random, weighted by each instance's recent speed (inverse of its latency average). */
    WEIGHTED;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
