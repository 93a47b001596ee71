package io.mcpfleet.router.json;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * The JSON-RPC messages the router writes itself (its answers and errors, its own requests and
 * notifications to backends), written with Jackson. None of them is on the relay's path: a relayed
 * message is not rewritten, only spliced in place ({@link Splice}). Values the router only passes
 * on (ids, capabilities, tokens) are raw JSON text and go out byte for byte.
 */
public final class JsonRpc {

    // Writing trees needs no configuration: the shared default mapper serves these static callers.
    private static final JsonMapper JSON = JsonMapper.shared();

    private JsonRpc() {
    }

    /** A new, empty object. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Raw JSON text, written as it is. */
    public static RawValue raw(String json) {
        return new RawValue(json);
    }

    /** {@code {"jsonrpc":"2.0","id":...,"result":...}}. */
    public static byte[] result(String idJson, JsonNode result) {
        ObjectNode message = envelope(idJson);
        message.set("result", result);
        return bytes(message);
    }

    /** {@code {"jsonrpc":"2.0","id":...,"error":{"code","message","data"?}}}; {@code idJson} may be {@code null}. */
    public static byte[] error(String idJson, int code, String message, JsonNode data) {
        ObjectNode out = envelope(idJson == null ? "null" : idJson);
        ObjectNode error = out.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return bytes(out);
    }

    /** A request; {@code params} may be {@code null}. */
    public static byte[] request(String idJson, String method, JsonNode params) {
        ObjectNode message = envelope(idJson);
        message.put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return bytes(message);
    }

    /** A notification; {@code params} may be {@code null}. */
    public static byte[] notification(String method, JsonNode params) {
        ObjectNode message = object();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return bytes(message);
    }

    /** A tree as UTF-8 bytes. */
    public static byte[] bytes(JsonNode node) {
        return JSON.writeValueAsBytes(node);
    }

    /** A tree as text. */
    public static String text(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    private static ObjectNode envelope(String idJson) {
        ObjectNode message = object();
        message.put("jsonrpc", "2.0");
        message.putRawValue("id", raw(idJson));
        return message;
    }
}
