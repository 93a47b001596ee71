package io.mcpfleet.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the server is reached and probed inside its container: {@code mcp} and {@code health}. */
final class EndpointReader {

    static final List<String> MCP = List.of("path", "sessions");
    static final List<String> HEALTH = List.of("type", "path", "interval", "timeout", "healthy_threshold",
            "unhealthy_threshold", "startup_interval", "startup_timeout");

    /** More consecutive results than this would take minutes to notice anything; a typo guard. */
    static final int MAX_THRESHOLD = 100;

    private EndpointReader() {
    }

    static McpEndpoint mcp(Section service) {
        return service.section("mcp", MCP).map(s -> {
            McpEndpoint d = McpEndpoint.DEFAULT;
            String path = httpPath(s).orElse(d.path());
            SessionMode sessions = s.choice("sessions", d.sessions());
            return s.build(() -> new McpEndpoint(path, sessions), d);
        }).orElse(McpEndpoint.DEFAULT);
    }

    static HealthCheck health(Section service) {
        return service.section("health", HEALTH).map(s -> {
            HealthCheck d = HealthCheck.DEFAULT;
            HealthCheckType type = s.choice("type", d.type());
            String path = httpPath(s).orElse(d.path());
            if (type == HealthCheckType.HTTP && !s.has("path")) {
                s.problem("path", "is required when type is http (e.g. /healthz)");
            }
            Duration interval = s.duration("interval", d.interval());
            Duration timeout = s.duration("timeout", d.timeout());
            int healthy = s.integer("healthy_threshold", d.healthyThreshold(), 1, MAX_THRESHOLD);
            int unhealthy = s.integer("unhealthy_threshold", d.unhealthyThreshold(), 1, MAX_THRESHOLD);
            Duration startupInterval = s.duration("startup_interval", d.startupInterval());
            Duration startupTimeout = s.duration("startup_timeout", d.startupTimeout());
            return s.build(() -> new HealthCheck(type, path, interval, timeout, healthy, unhealthy, startupInterval,
                    startupTimeout), d);
        }).orElse(HealthCheck.DEFAULT);
    }

    private static Optional<String> httpPath(Section s) {
        return s.string("path").filter(p -> {
            if (p.startsWith("/") && p.chars().noneMatch(Character::isWhitespace)) {
                return true;
            }
            s.problem("path", s.describe("path") + " is not an HTTP path; it must start with / and hold no spaces");
            return false;
        });
    }
}
