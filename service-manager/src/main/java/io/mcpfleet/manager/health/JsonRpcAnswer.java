package io.mcpfleet.manager.health;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the {@code mcp} probe sends, and whether what came back is an MCP server's answer. */
final class JsonRpcAnswer {

    /** The probe's request id; the answer must carry it. */
    static final int ID = 1;
    private static final int SNIPPET = 120;

    private JsonRpcAnswer() {
    }

    /** The probe's {@code initialize} request. */
    static Map<String, Object> initialize() {
        return Map.of("jsonrpc", "2.0", "id", ID, "method", "initialize", "params", Map.of(
                "protocolVersion", McpProbe.PROTOCOL_VERSION,
                "capabilities", Map.of(),
                "clientInfo", Map.of("name", "mcp-fleet-probe", "version", "1")));
    }

    /** The probe's {@code server/discover} request (MCP 2026-07-28: version and capabilities in {@code _meta}). */
    static Map<String, Object> discover() {
        return Map.of("jsonrpc", "2.0", "id", ID, "method", "server/discover", "params", Map.of("_meta", Map.of(
                "io.modelcontextprotocol/protocolVersion", McpProbe.MODERN_VERSION,
                "io.modelcontextprotocol/clientCapabilities", Map.of(),
                "io.modelcontextprotocol/clientInfo", Map.of("name", "mcp-fleet-probe", "version", "1"))));
    }

    /** Whether an answer is a {@code server/discover} result naming the 2026-07-28 revision. */
    static boolean discoversModern(String body) {
        JsonNode answer = body == null ? null : parse(body);
        if (answer == null) {
            return false;
        }
        for (JsonNode v : answer.path("result").path("supportedVersions")) {
            if (McpProbe.MODERN_VERSION.equals(v.asString(""))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an event's data ends the wait for the answer: anything but an empty event (a priming
     * event for resumption) or a message of the server's own (a notification or request sent
     * before the answer).
     */
    static boolean endsTheWait(String data) {
        if (data.isBlank()) {
            return false;
        }
        JsonNode message = parse(data);
        return message == null || !message.isObject() || !message.has("method")
                || message.has("result") || message.has("error");
    }

    /**
     * @param body the whole body, or an event stream's answer; {@code null} when the stream ended without one
     * @return {@code null} when the answer proves an MCP server, else what came back instead
     */
    static String judge(String path, int status, String contentType, String body) {
        String type = contentType == null ? "no content type" : contentType;
        if (status < 200 || status >= 300) {
            return "HTTP " + status + " from " + path + " (" + type + ")" + snippet(body);
        }
        if (body == null) {
            return "the event stream from " + path + " ended without an answer to initialize";
        }
        JsonNode answer = parse(body);
        if (answer == null || !isResponse(answer)) {
            return "HTTP " + status + " from " + path + " is not a JSON-RPC answer to initialize (" + type + ")"
                    + snippet(body);
        }
        return null;
    }

    /** A JSON-RPC 2.0 response to our request: its id, and a result or an error object. */
    private static boolean isResponse(JsonNode m) {
        JsonNode id = m.get("id");
        boolean ours = id != null && id.isIntegralNumber() && id.asInt() == ID;
        boolean result = m.has("result") && m.get("result").isObject();
        boolean error = m.has("error") && m.get("error").isObject() && m.get("error").path("code").isIntegralNumber();
        return m.isObject() && "2.0".equals(m.path("jsonrpc").asString(null)) && ours && (result ^ error);
    }

    private static JsonNode parse(String text) {
        try {
            return JsonMapper.shared().readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The start of a body on one line, for a detail: enough to tell an HTML page from a stack trace. */
    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return ": " + (line.length() > SNIPPET ? line.substring(0, SNIPPET) + "..." : line);
    }
}
