package io.mcpfleet.router.discovery;

import io.mcpfleet.api.RoutingView;
import io.mcpfleet.config.Balancing;
import io.mcpfleet.config.McpEndpoint;
import io.mcpfleet.config.RetryPolicy;
import io.mcpfleet.config.Routing;
import io.mcpfleet.config.SessionMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A service's routing settings, parsed once from the manager's {@link RoutingView}. Missing or
 * unknown values fall back to the defaults of {@code services.yml}.
 */
public record RoutingSettings(String mcpPath, SessionMode sessions, Balancing balancing, Duration callTimeout,
                              RetryPolicy retry, int maxAttempts, int queueLimit, Duration wakeTimeout,
                              List<Map<String, Object>> declaredTools) {

    public static final RoutingSettings DEFAULT = new RoutingSettings(McpEndpoint.DEFAULT.path(),
            McpEndpoint.DEFAULT.sessions(), Routing.DEFAULT.balancing(), Routing.DEFAULT.callTimeout(),
            Routing.DEFAULT.retry(), Routing.DEFAULT.maxAttempts(), Routing.DEFAULT.queueLimit(),
            Routing.DEFAULT.wakeTimeout(), List.of());

    public RoutingSettings {
        declaredTools = declaredTools == null ? List.of() : List.copyOf(declaredTools);
    }

    public static RoutingSettings from(RoutingView view) {
        if (view == null) {
            return DEFAULT;
        }
        return new RoutingSettings(
                view.mcpPath() == null || !view.mcpPath().startsWith("/") ? DEFAULT.mcpPath : view.mcpPath(),
                parse(SessionMode.class, view.sessions(), DEFAULT.sessions),
                parse(Balancing.class, view.balancing(), DEFAULT.balancing),
                view.callTimeoutMs() > 0 ? Duration.ofMillis(view.callTimeoutMs()) : DEFAULT.callTimeout,
                parse(RetryPolicy.class, view.retry(), DEFAULT.retry),
                view.maxAttempts() > 0 ? view.maxAttempts() : DEFAULT.maxAttempts,
                view.queueLimit() > 0 ? view.queueLimit() : DEFAULT.queueLimit,
                view.wakeTimeoutMs() > 0 ? Duration.ofMillis(view.wakeTimeoutMs()) : DEFAULT.wakeTimeout,
                view.tools());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, E fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
