package io.mcpfleet.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The manager's own probe of every instance.
 *
 * @param type               mcp (default), http or tcp
 * @param path               the path for {@code http}; for {@code mcp} the MCP path is used and this is ignored
 * @param interval           time between probes of a ready instance
 * @param timeout            how long one probe may take
 * @param healthyThreshold   consecutive successes that make an unhealthy instance healthy again
 * @param unhealthyThreshold consecutive failures that make a healthy instance unhealthy (and replaced)
 * @param startupInterval    time between probes while an instance starts or wakes (fast, so a wake
 *                           is noticed within this much of the server being ready)
 * @param startupTimeout     how long a starting instance may take to become healthy before it is replaced
 */
public record HealthCheck(
        HealthCheckType type,
        String path,
        Duration interval,
        Duration timeout,
        int healthyThreshold,
        int unhealthyThreshold,
        Duration startupInterval,
        Duration startupTimeout) {

    public static final HealthCheck DEFAULT = new HealthCheck(HealthCheckType.MCP, "/health", Duration.ofSeconds(10),
            Duration.ofSeconds(2), 1, 3, Duration.ofMillis(100), Duration.ofSeconds(60));

    public HealthCheck {
        Objects.requireNonNull(type, "health.type");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("health.path must start with '/', got " + path);
        }
        Durations.requirePositive(interval, "health.interval");
        Durations.requirePositive(timeout, "health.timeout");
        Durations.requirePositive(startupInterval, "health.startup_interval");
        Durations.requirePositive(startupTimeout, "health.startup_timeout");
        if (healthyThreshold < 1 || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("health thresholds must be >= 1");
        }
    }
}
