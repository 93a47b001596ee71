package io.mcpfleet.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code transport} and {@code stdio}, and the keys that a stdio service cannot have: it has no
 * port, the manager's bridge serves it at {@code /mcp}, and it is probed with an MCP ping over its
 * pipe. Such keys written on the service are errors; inherited from {@code defaults:} (which also
 * serve the fleet's HTTP services) they are ignored.
 */
final class TransportReader {

    static final List<String> STDIO = List.of("max_in_flight", "max_message_size", "max_buffered");
    private static final String DEFAULTS_PREFIX = "defaults.";

    private TransportReader() {
    }

    static Transport transport(Section service) {
        return service.choice("transport", Transport.HTTP);
    }

    static StdioSettings stdio(Section service) {
        return service.section("stdio", STDIO).map(s -> {
            StdioSettings d = StdioSettings.DEFAULT;
            int inFlight = s.integer("max_in_flight", d.maxInFlight(), 1, StdioSettings.MAX_IN_FLIGHT_CEILING);
            long message = size(s, "max_message_size", d.maxMessageBytes());
            long buffered = size(s, "max_buffered", d.maxBufferedBytes());
            return s.build(() -> new StdioSettings(inFlight, message, buffered), d);
        }).orElse(StdioSettings.DEFAULT);
    }

    /** Reports the keys a stdio service cannot have, where the service itself writes them. */
    static void checkStdio(Section service) {
        own(service, "port").ifPresent(port -> service.values().problems().add(port, "is not allowed with transport:"
                + " stdio: the manager talks to the server over its stdin and stdout (leave port out)"));
        own(service, "mcp", "path").ifPresent(path -> service.values().problems().add(path, "is not allowed with"
                + " transport: stdio: the manager's bridge serves the server at " + McpEndpoint.DEFAULT.path()));
        own(service, "health", "type").filter(type -> !isMcp(type, service.values())).ifPresent(type ->
                service.values().problems().add(type, "must be mcp with transport: stdio: the manager probes the"
                        + " server with an MCP ping over its pipe (there is no port for " + type.describe() + ")"));
    }

    /** Reports a {@code stdio:} section written on an HTTP service. */
    static void checkHttp(Section service) {
        own(service, "stdio").ifPresent(stdio -> service.values().problems().add(
                service.entry("stdio").orElseThrow().keyPosition(), stdio.path(),
                "applies only to transport: stdio (this service serves HTTP on its port)"));
    }

    /** A stdio service keeps its health settings but is always probed with MCP, whatever defaults say. */
    static HealthCheck stdioHealth(HealthCheck health) {
        return health.type() == HealthCheckType.MCP ? health : new HealthCheck(HealthCheckType.MCP, health.path(),
                health.interval(), health.timeout(), health.healthyThreshold(), health.unhealthyThreshold(),
                health.startupInterval(), health.startupTimeout());
    }

    /** The node at {@code keys} when the service writes it itself (not inherited from defaults). */
    private static Optional<YNode> own(Section service, String... keys) {
        Optional<YNode> node = service.node(keys[0]);
        for (int i = 1; i < keys.length && node.isPresent(); i++) {
            String key = keys[i];
            node = node.filter(YNode.Mapping.class::isInstance)
                    .map(n -> ((YNode.Mapping) n).entries().get(key))
                    .map(YNode.Entry::value);
        }
        return node.filter(n -> !n.path().startsWith(DEFAULTS_PREFIX));
    }

    private static boolean isMcp(YNode type, Values values) {
        return values.text(type).map(t -> Suggestions.normalize(t.trim()).equals("mcp")).orElse(true);
    }

    private static long size(Section s, String key, long fallback) {
        return s.node(key).map(n -> {
            Optional<String> text = s.values().text(n);
            if (text.isEmpty()) {
                return fallback;
            }
            OptionalLong bytes = Sizes.parseBytes(text.get());
            if (bytes.isEmpty()) {
                s.values().problems().add(n, n.describe() + " is not a size (" + Sizes.EXAMPLES + ")");
                return fallback;
            }
            if (bytes.getAsLong() < StdioSettings.MIN_MESSAGE_BYTES
                    || bytes.getAsLong() > StdioSettings.MAX_MESSAGE_CEILING) {
                s.values().problems().add(n, "must be between " + Sizes.format(StdioSettings.MIN_MESSAGE_BYTES)
                        + " and " + Sizes.format(StdioSettings.MAX_MESSAGE_CEILING) + ", got " + n.describe());
                return fallback;
            }
            return bytes.getAsLong();
        }).orElse(fallback);
    }
}
