package io.mcpfleet.router.routing;

import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.upstream.InitParams;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a pooled backend session declares for the clients whose calls it carries. The calls of a
 * stateless service share one backend session per instance and per set of these capabilities, so a
 * server elicits or samples through a session only when the clients behind it can answer:
 *
 * <ul>
 *   <li>{@code sampling} and {@code elicitation}, with the sub-capabilities the specification
 *       names ({@code sampling.context}, {@code sampling.tools}, {@code elicitation.form},
 *       {@code elicitation.url}), as the client declared them. A server asks for these within a
 *       call, on the call's own stream, so the question reaches the client that made the call.
 *       Known flags only: a handful of sets at most, so a handful of pooled sessions per instance.</li>
 *   <li>Never {@code roots}: roots describe one client (its workspace), and servers ask for them
 *       outside any call (on the session's GET stream, right after {@code initialize}) and keep
 *       them per session, so a session shared by several clients has no roots it could honestly
 *       give. A server that needs its clients' roots is stateful ({@code mcp.sessions: stateful}).</li>
 *   <li>Nothing else ({@code experimental}, {@code tasks}): the router does not relay what they
 *       lead to outside a call.</li>
 * </ul>
 */
public final class PooledCapabilities {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Map<String, List<String>> SHARED = Map.of(
            "elicitation", List.of("form", "url"),
            "sampling", List.of("context", "tools"));
    /** One instance per distinct set (a few): pooled sessions are found by it on every call. */
    private static final Map<String, InitParams> CANONICAL = new ConcurrentHashMap<>();

    private PooledCapabilities() {
    }

    /**
     * The parameters of the pooled sessions a client's calls go through (the router's clientInfo,
     * the client's shareable capabilities). The same instance for every client with the same set.
     *
     * @param clientCapabilities the client's {@code initialize} capabilities, raw JSON
     */
    public static InitParams of(String clientCapabilities) {
        String shared = shared(clientCapabilities);
        return CANONICAL.computeIfAbsent(shared, InitParams::router);
    }

    /** Whether a client declared {@code roots} (servers may then ask it for them outside any call). */
    static boolean declaresRoots(String clientCapabilities) {
        return parse(clientCapabilities).has("roots");
    }

    private static JsonNode parse(String clientCapabilities) {
        try {
            return JSON.readTree(clientCapabilities);
        } catch (JacksonException e) {
            return JsonRpc.object();
        }
    }

    private static String shared(String clientCapabilities) {
        JsonNode declared = parse(clientCapabilities);
        ObjectNode out = JsonRpc.object();
        // Sorted by name: equal sets make equal text.
        for (String capability : List.of("elicitation", "sampling")) {
            JsonNode value = declared.path(capability);
            if (value.isObject()) {
                ObjectNode flags = out.putObject(capability);
                for (String flag : SHARED.get(capability)) {
                    if (value.path(flag).isObject()) {
                        flags.putObject(flag);
                    }
                }
            }
        }
        return JsonRpc.text(out);
    }
}
