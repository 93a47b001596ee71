package io.mcpfleet.router.modern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code fleet_router_requests_total{era,method}}: the requests each protocol era sends to the
 * router's endpoint. Methods outside the specification's set are tagged {@code other}, so a client
 * cannot mint tags. Counters are cached: counting allocates nothing once a pair was seen.
 */
public final class EraMetrics {

    public static final String LEGACY = "2025";
    public static final String MODERN = "2026";

    private static final Set<String> METHODS = Set.of("initialize", "ping", "server/discover", "tools/list",
            "tools/call", "resources/list", "resources/templates/list", "resources/read", "resources/subscribe",
            "resources/unsubscribe", "prompts/list", "prompts/get", "completion/complete", "logging/setLevel",
            "subscriptions/listen");

    private final MeterRegistry registry;
    /** Counters by method, one map per era: a lookup needs no key built from the two (every 2025 call counts). */
    private final Map<String, Counter> legacy = new ConcurrentHashMap<>();
    private final Map<String, Counter> modern = new ConcurrentHashMap<>();

    public EraMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String era, String method) {
        String tag = METHODS.contains(method) ? method : "other";
        Map<String, Counter> counters = LEGACY.equals(era) ? legacy : modern;
        Counter c = counters.get(tag);
        if (c == null) {
            c = counters.computeIfAbsent(tag, k -> Counter.builder("fleet.router.requests")
                    .description("Requests to the MCP endpoint by protocol era and method")
                    .tags("era", era, "method", tag).register(registry));
        }
        c.increment();
    }
}
