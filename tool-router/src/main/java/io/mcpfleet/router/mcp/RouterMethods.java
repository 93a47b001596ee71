package io.mcpfleet.router.mcp;

import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.catalog.CatalogSnapshot;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.upstream.InitParams;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The methods the router answers itself: {@code initialize}, {@code ping}, {@code tools/list}
 * (from the catalog, paginated), {@code logging/setLevel}, and the empty resource and prompt lists.
 */
@Component
class RouterMethods {

    private static final Logger log = LoggerFactory.getLogger(RouterMethods.class);
    private static final Set<String> LEVELS = Set.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");
    private static final String INSTRUCTIONS = "Tools of every service of the fleet, named <service>__<tool> unless "
            + "configured otherwise. A call to a sleeping service wakes it; the call is held until it is ready.";
    private static final String CURSOR_PREFIX = "after:";

    private final Catalog catalog;
    private final JsonMapper json;
    private final UpstreamClient upstream;
    private final Executor background;
    private final int pageSize;

    RouterMethods(Catalog catalog, JsonMapper json, UpstreamClient upstream, Executor routerBackground,
                  RouterProperties properties) {
        this.catalog = catalog;
        this.json = json;
        this.upstream = upstream;
        this.background = routerBackground;
        this.pageSize = properties.tools().pageSize();
    }

    /** Parses {@code initialize} params into what the session keeps. */
    InitParams initParams(Envelope request) {
        JsonNode params = json.readTree(request.bytes()).path("params");
        JsonNode capabilities = params.path("capabilities");
        JsonNode clientInfo = params.path("clientInfo");
        String requested = params.path("protocolVersion").asString("");
        ObjectNode unknownClient = json.createObjectNode().put("name", "unknown-client").put("version", "0");
        return new InitParams(ProtocolVersions.negotiate(requested),
                json.writeValueAsString(capabilities.isObject() ? capabilities : json.createObjectNode()),
                json.writeValueAsString(clientInfo.isObject() ? clientInfo : unknownClient));
    }

    byte[] initializeResult(String idJson, String version) {
        ObjectNode result = json.createObjectNode();
        result.put("protocolVersion", version);
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", true);
        capabilities.putObject("logging");
        capabilities.putObject("resources");
        capabilities.putObject("prompts");
        result.putObject("serverInfo").put("name", "mcp-fleet-tool-router").put("title", "mcp-fleet")
                .put("version", "0.1.0");
        result.put("instructions", INSTRUCTIONS);
        return JsonRpc.result(idJson, result);
    }

    /** Answers a request the router owns; {@code null} when the method is not one of them. */
    byte[] answer(ClientSession session, Envelope request) {
        String id = request.idText();
        return switch (request.method()) {
            case "ping" -> JsonRpc.result(id, json.createObjectNode());
            case "tools/list" -> toolsList(id, request);
            case "logging/setLevel" -> setLevel(session, id, request);
            case "resources/list" -> emptyList(id, "resources");
            case "resources/templates/list" -> emptyList(id, "resourceTemplates");
            case "prompts/list" -> emptyList(id, "prompts");
            default -> null;
        };
    }

    private byte[] toolsList(String id, Envelope request) {
        CatalogSnapshot snapshot = catalog.snapshot();
        int from = 0;
        JsonNode cursor = json.readTree(request.bytes()).path("params").path("cursor");
        if (!cursor.isMissingNode() && !cursor.isNull()) {
            String after = decodeCursor(cursor.asString(""));
            if (after == null) {
                return Failures.error(id, Failures.INVALID_PARAMS, "invalid cursor for tools/list");
            }
            from = snapshot.indexAfter(after);
        }
        int to = Math.min(snapshot.size(), from + pageSize);
        ObjectNode result = json.createObjectNode();
        ArrayNode tools = result.putArray("tools");
        for (int i = from; i < to; i++) {
            // Each tool as the catalog keeps it: the server's own JSON with the name changed.
            tools.addRawValue(JsonRpc.raw(new String(snapshot.get(i).json(), StandardCharsets.UTF_8)));
        }
        if (to < snapshot.size()) {
            result.put("nextCursor", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (CURSOR_PREFIX + snapshot.get(to - 1).exposedName()).getBytes(StandardCharsets.UTF_8)));
        }
        return JsonRpc.result(id, result);
    }

    private byte[] emptyList(String id, String member) {
        ObjectNode result = json.createObjectNode();
        result.putArray(member);
        return JsonRpc.result(id, result);
    }

    private static String decodeCursor(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return decoded.startsWith(CURSOR_PREFIX) ? decoded.substring(CURSOR_PREFIX.length()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] setLevel(ClientSession session, String id, Envelope request) {
        String level = request.level();
        if (level == null || !LEVELS.contains(level)) {
            return Failures.error(id, Failures.INVALID_PARAMS, "logging/setLevel needs params.level, one of " + LEVELS);
        }
        session.logLevel(level);
        ObjectNode params = json.createObjectNode().put("level", level);
        session.bindings().forEachSession(backend -> background.execute(() -> {
            try {
                upstream.request(backend, "logging/setLevel", params, Duration.ofSeconds(5));
            } catch (UpstreamException e) {
                log.debug("forwarding logging/setLevel to {} failed: {}", backend, e.getMessage());
            }
        }));
        return JsonRpc.result(id, json.createObjectNode());
    }
}
