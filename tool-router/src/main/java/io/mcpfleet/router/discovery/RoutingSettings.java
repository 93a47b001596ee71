package io.mcpfleet.router.discovery;

import io.mcpfleet.api.RoutingView;
import io.mcpfleet.api.SleepView;
import io.mcpfleet.config.Balancing;
import io.mcpfleet.config.McpEndpoint;
import io.mcpfleet.config.RetryPolicy;
import io.mcpfleet.config.Routing;
import io.mcpfleet.config.SessionMode;
import io.mcpfleet.config.SleepPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A service's routing settings, parsed once from the manager's {@link RoutingView} (and the idle
 * timeout from its {@link SleepView}). Missing or unknown values fall back to the defaults of
 * {@code services.yml}.
 *
 * @param idleTimeout the service's sleep idle timeout: a client session bound to it keeps it awake
 *                    only while the session made a request within this time
 */
public record RoutingSettings(String mcpPath, SessionMode sessions, Balancing balancing, Duration callTimeout,
                              RetryPolicy retry, int maxAttempts, int queueLimit, Duration wakeTimeout,
                              List<Map<String, Object>> declaredTools, Duration idleTimeout) {

    public static final RoutingSettings DEFAULT = new RoutingSettings(McpEndpoint.DEFAULT.path(),
            McpEndpoint.DEFAULT.sessions(), Routing.DEFAULT.balancing(), Routing.DEFAULT.callTimeout(),
            Routing.DEFAULT.retry(), Routing.DEFAULT.maxAttempts(), Routing.DEFAULT.queueLimit(),
            Routing.DEFAULT.wakeTimeout(), List.of(), SleepPolicy.DEFAULT_IDLE_TIMEOUT);

    public RoutingSettings {
        declaredTools = declaredTools == null ? List.of() : List.copyOf(declaredTools);
    }

    public static RoutingSettings from(RoutingView view) {
        return from(view, null);
    }

    public static RoutingSettings from(RoutingView view, SleepView sleep) {
        Duration idle = sleep != null && sleep.idleTimeoutMs() > 0 ? Duration.ofMillis(sleep.idleTimeoutMs())
                : DEFAULT.idleTimeout;
        if (view == null) {
            return idle.equals(DEFAULT.idleTimeout) ? DEFAULT : DEFAULT.withIdleTimeout(idle);
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
                view.tools(), idle);
    }

    RoutingSettings withIdleTimeout(Duration idle) {
        return new RoutingSettings(mcpPath, sessions, balancing, callTimeout, retry, maxAttempts, queueLimit,
                wakeTimeout, declaredTools, idle);
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
