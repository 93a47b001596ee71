package io.mcpfleet.router.mcp;

import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.catalog.CatalogSnapshot;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.Splice;
import io.mcpfleet.router.upstream.InitParams;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamException;
import java.io.ByteArrayOutputStream;
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

/**
 * The methods the router answers itself: {@code initialize}, {@code ping}, {@code tools/list}
 * (from the catalog, paginated), {@code logging/setLevel}, and the empty resource and prompt lists.
 */
@Component
class RouterMethods {

    private static final Logger log = LoggerFactory.getLogger(RouterMethods.class);
    private static final Set<String> LEVELS = Set.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");
    private static final String CAPABILITIES = "{\"tools\":{\"listChanged\":true},\"logging\":{},\"resources\":{},"
            + "\"prompts\":{}}";
    private static final String SERVER_INFO = "{\"name\":\"mcp-fleet-tool-router\",\"title\":\"mcp-fleet\","
            + "\"version\":\"0.1.0\"}";
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
        return new InitParams(ProtocolVersions.negotiate(requested),
                capabilities.isObject() ? json.writeValueAsString(capabilities) : "{}",
                clientInfo.isObject() ? json.writeValueAsString(clientInfo)
                        : "{\"name\":\"unknown-client\",\"version\":\"0\"}");
    }

    byte[] initializeResult(String idJson, String version) {
        return result(idJson, "{\"protocolVersion\":" + Splice.quote(version) + ",\"capabilities\":" + CAPABILITIES
                + ",\"serverInfo\":" + SERVER_INFO + ",\"instructions\":"
                + Splice.quote("Tools of every service of the fleet, named <service>__<tool> unless configured "
                + "otherwise. A call to a sleeping service wakes it; the call is held until it is ready.") + "}");
    }

    /** Answers a request the router owns; {@code null} when the method is not one of them. */
    byte[] answer(ClientSession session, Envelope request) {
        String id = request.idText();
        return switch (request.method()) {
            case "ping" -> result(id, "{}");
            case "tools/list" -> toolsList(id, request);
            case "logging/setLevel" -> setLevel(session, id, request);
            case "resources/list" -> result(id, "{\"resources\":[]}");
            case "resources/templates/list" -> result(id, "{\"resourceTemplates\":[]}");
            case "prompts/list" -> result(id, "{\"prompts\":[]}");
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
                return Failures.error(id, Failures.INVALID_PARAMS, "invalid cursor for tools/list", null);
            }
            from = snapshot.indexAfter(after);
        }
        int to = Math.min(snapshot.size(), from + pageSize);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 512 * (to - from));
        out.writeBytes(("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"tools\":[")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.write(',');
            }
            out.writeBytes(snapshot.get(i).json());
        }
        out.write(']');
        if (to < snapshot.size()) {
            String next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (CURSOR_PREFIX + snapshot.get(to - 1).exposedName()).getBytes(StandardCharsets.UTF_8));
            out.writeBytes((",\"nextCursor\":\"" + next + "\"").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("}}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
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
            return Failures.error(id, Failures.INVALID_PARAMS, "logging/setLevel needs params.level, one of " + LEVELS,
                    null);
        }
        session.logLevel(level);
        String params = "{\"level\":" + Splice.quote(level) + "}";
        session.bindings().forEachSession(backend -> background.execute(() -> {
            try {
                upstream.request(backend, "logging/setLevel", params, Duration.ofSeconds(5));
            } catch (UpstreamException e) {
                log.debug("forwarding logging/setLevel to {} failed: {}", backend, e.getMessage());
            }
        }));
        return result(id, "{}");
    }

    static byte[] result(String idJson, String resultJson) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"result\":" + resultJson + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
