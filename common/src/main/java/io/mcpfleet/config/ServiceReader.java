package io.mcpfleet.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One service's mapping (defaults already merged) to a {@link ServiceSpec}; also checks the
 * {@code defaults:} block on its own, so that a bad default is reported even where every service
 * overrides it.
 */
final class ServiceReader {

    static final List<String> KEYS = List.of("image", "command", "entrypoint", "port", "transport", "environment",
            "labels", "resources", "auto_start", "sleep_policy", "replicas", "health", "mcp", "routing", "autoscale",
            "hardening", "network", "placement", "stdio", "tools");

    /**
     * An image reference as Docker's distribution/reference grammar defines it:
     * {@code [registry[:port]/]path[:tag][@digest]}, the path in lower case.
     */
    private static final Pattern IMAGE = Pattern.compile(
            "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "(?::\\d+)?/)?"
                    + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::\\w[\\w.-]{0,127})?"
                    + "(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");
    /** Docker allows 255 characters of name, 128 of tag, and a digest; anything longer is not an image. */
    static final int MAX_IMAGE_LENGTH = 512;
    private static final Pattern ENV_NAME = Pattern.compile("[^=\\s]+");
    private static final String COMMAND_EXAMPLE = "[\"node\", \"server.js\"]";

    private ServiceReader() {
    }

    /** The spec, or empty when the service has problems (they are recorded). */
    static Optional<ServiceSpec> read(String name, Section s) {
        Problems problems = s.values().problems();
        int before = problems.count();
        if (!s.has("image")) {
            s.problem("image", "is required: the container image, e.g. mcp/sequentialthinking:latest");
        }
        Transport transport = TransportReader.transport(s);
        boolean stdio = transport == Transport.STDIO;
        if (!stdio && !s.has("port")) {
            s.problem("port", "is required: the container port that serves MCP, e.g. 8000 (or transport: stdio for a"
                    + " server that speaks MCP on stdin and stdout)");
        }
        Optional<String> image = image(s);
        int port;
        if (stdio) {
            TransportReader.checkStdio(s);
            port = 0;
        } else {
            TransportReader.checkHttp(s);
            port = s.integer("port", 0, 1, 65535);
        }
        Parts parts = parts(s);
        List<ToolSpec> tools = ToolsReader.tools(s);
        if (problems.count() > before || image.isEmpty() || (!stdio && port == 0)) {
            return Optional.empty();
        }
        // Inherited from defaults (for the fleet's HTTP services), an MCP path or probe type is not this one's.
        McpEndpoint mcp = stdio ? new McpEndpoint(McpEndpoint.DEFAULT.path(), parts.mcp.sessions()) : parts.mcp;
        HealthCheck health = stdio ? TransportReader.stdioHealth(parts.health) : parts.health;
        return Optional.ofNullable(s.build(() -> new ServiceSpec(name, image.get(), parts.command, parts.entrypoint,
                port, transport, parts.environment, parts.labels, parts.resources, parts.autoStart, parts.sleepPolicy,
                parts.replicas, health, mcp, parts.routing, parts.autoscale, parts.hardening,
                parts.network, parts.placement, parts.stdio, tools), null));
    }

    /** Checks what the defaults block says; {@code tools} belong to one server and cannot be shared. */
    static void checkDefaults(Section s) {
        image(s);
        TransportReader.transport(s);
        s.integer("port", 0, 1, 65535);
        parts(s);
        if (s.has("tools")) {
            s.values().problems().add(s.entry("tools").orElseThrow().keyPosition(), YNode.child(s.path(), "tools"),
                    "tools cannot be shared through defaults; declare them on the service that has them");
        }
    }

    private static Optional<String> image(Section s) {
        return s.string("image").filter(image -> {
            // The length check comes first: java.util.regex recurses per repetition, and a long hostile
            // value would overflow the stack before failing to match.
            if (image.length() <= MAX_IMAGE_LENGTH && IMAGE.matcher(image).matches()) {
                return true;
            }
            s.problem("image", s.describe("image") + " is not an image reference (e.g. mcp/sequentialthinking:latest,"
                    + " ghcr.io/org/server:1.2; no spaces, repository in lower case)");
            return false;
        });
    }

    private record Parts(List<String> command, List<String> entrypoint, Map<String, String> environment,
                         Map<String, String> labels, Resources resources, boolean autoStart, SleepPolicy sleepPolicy,
                         Replicas replicas, HealthCheck health, McpEndpoint mcp, Routing routing, Autoscale autoscale,
                         Hardening hardening, NetworkAccess network, Placement placement,
                         StdioSettings stdio) {
    }

    private static Parts parts(Section s) {
        List<String> command = s.strings("command", COMMAND_EXAMPLE);
        List<String> entrypoint = s.strings("entrypoint", "[\"/usr/local/bin/server\"]");
        Map<String, String> environment = s.stringMap("environment");
        environment.keySet().stream().filter(key -> !ENV_NAME.matcher(key).matches()).forEach(key ->
                keyProblem(s, "environment", key, "is not a variable name (no =, no spaces)"));
        Map<String, String> labels = s.stringMap("labels");
        labels.keySet().stream().filter(key -> key.startsWith(ServiceSpec.RESERVED_LABEL_PREFIX)).forEach(key ->
                keyProblem(s, "labels", key, "the " + ServiceSpec.RESERVED_LABEL_PREFIX + " prefix is reserved for mcp-fleet's own labels"));
        boolean autoStart = s.bool("auto_start", false);
        return new Parts(command, entrypoint, environment, labels, LimitsReader.resources(s), autoStart,
                PolicyReader.sleepPolicy(s), LimitsReader.replicas(s), EndpointReader.health(s), EndpointReader.mcp(s),
                PolicyReader.routing(s), PolicyReader.autoscale(s), LimitsReader.hardening(s), LimitsReader.network(s),
                LimitsReader.placement(s), TransportReader.stdio(s));
    }

    /** A problem with a key inside a map value such as environment, reported at that key. */
    private static void keyProblem(Section s, String mapKey, String key, String message) {
        YNode.Mapping map = (YNode.Mapping) s.node(mapKey).orElseThrow();
        YNode.Entry entry = map.entries().get(key);
        s.values().problems().add(entry.keyPosition(), entry.value().path(), message);
    }
}
