package io.mcpfleet.router.mcp;

import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.catalog.CatalogSnapshot;
import io.mcpfleet.router.catalog.PrimitiveSnapshot;
import io.mcpfleet.router.catalog.PromptEntry;
import io.mcpfleet.router.catalog.ResourceEntry;
import io.mcpfleet.router.catalog.TemplateEntry;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.modern.ModernGate;
import io.mcpfleet.router.upstream.InitParams;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The methods the router answers itself: {@code initialize}, {@code ping}, the lists of tools,
 * prompts, resources and resource templates (from the catalog, paginated), and
 * {@code logging/setLevel}.
 */
@Component
class RouterMethods {

    private static final Logger log = LoggerFactory.getLogger(RouterMethods.class);
    private static final String INSTRUCTIONS = "Tools and prompts of every service of the fleet, named "
            + "<service>__<name> unless configured otherwise, and their resources under their own URIs. A request "
            + "to a sleeping service wakes it; it is held until the service is ready.";
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
        // Advertised only when some service offers them: a client must not be told they exist
        // when every list would be empty. Subscriptions and list changes work end to end (the
        // catalog follows each service's list_changed; updates come back on the client's stream).
        PrimitiveSnapshot primitives = catalog.primitives();
        if (primitives.offersResources()) {
            capabilities.putObject("resources").put("subscribe", true).put("listChanged", true);
        }
        if (primitives.offersPrompts()) {
            capabilities.putObject("prompts").put("listChanged", true);
        }
        if (primitives.offersPrompts() || primitives.offersResources()) {
            capabilities.putObject("completions");
        }
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
            case "prompts/list" -> page(id, request, "prompts", catalog.primitives().prompts(),
                    PromptEntry::exposedName, PromptEntry::json, true);
            case "resources/list" -> page(id, request, "resources", catalog.primitives().resources(),
                    ResourceEntry::uri, ResourceEntry::json, true);
            case "resources/templates/list" -> page(id, request, "resourceTemplates",
                    catalog.primitives().templates(), TemplateEntry::template, TemplateEntry::json, false);
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
            result.put("nextCursor", encodeCursor(snapshot.get(to - 1).exposedName()));
        }
        return JsonRpc.result(id, result);
    }

    /**
     * One page of a list. The cursor names the last element of the previous page: in a sorted
     * list the page goes on after that name even when it has gone meanwhile; in the templates'
     * list (kept in precedence order) a cursor whose template has gone is refused.
     */
    private <T> byte[] page(String id, Envelope request, String member, List<T> items, Function<T, String> key,
                            Function<T, byte[]> element, boolean sorted) {
        int from = 0;
        JsonNode cursor = json.readTree(request.bytes()).path("params").path("cursor");
        if (!cursor.isMissingNode() && !cursor.isNull()) {
            String after = decodeCursor(cursor.asString(""));
            if (after == null) {
                return Failures.error(id, Failures.INVALID_PARAMS, "invalid cursor for " + request.method()
                        + ": pass the nextCursor of the previous page unchanged");
            }
            from = sorted ? firstAfter(items, key, after) : positionOf(items, key, after);
            if (from < 0) {
                return Failures.error(id, Failures.INVALID_PARAMS, "the cursor of " + request.method()
                        + " is stale (the list changed): list again from the start");
            }
        }
        int to = Math.min(items.size(), from + pageSize);
        ObjectNode result = json.createObjectNode();
        ArrayNode array = result.putArray(member);
        for (int i = from; i < to; i++) {
            array.addRawValue(JsonRpc.raw(new String(element.apply(items.get(i)), StandardCharsets.UTF_8)));
        }
        if (to < items.size()) {
            result.put("nextCursor", encodeCursor(key.apply(items.get(to - 1))));
        }
        return JsonRpc.result(id, result);
    }

    private static <T> int firstAfter(List<T> items, Function<T, String> key, String after) {
        int i = 0;
        while (i < items.size() && key.apply(items.get(i)).compareTo(after) <= 0) {
            i++;
        }
        return i;
    }

    private static <T> int positionOf(List<T> items, Function<T, String> key, String after) {
        for (int i = 0; i < items.size(); i++) {
            if (key.apply(items.get(i)).equals(after)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static String encodeCursor(String after) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (CURSOR_PREFIX + after).getBytes(StandardCharsets.UTF_8));
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
        if (level == null || !ModernGate.LOG_LEVELS.contains(level)) {
            return Failures.error(id, Failures.INVALID_PARAMS, "logging/setLevel needs params.level, one of "
                    + ModernGate.LOG_LEVELS);
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
