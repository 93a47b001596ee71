package io.mcpfleet.manager.bridge;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 messages as the bridge reads and writes them: parsed into trees (the bridge rewrites
 * ids and progress tokens), written compact on one line (a newline inside a message would split it
 * on the server's stdin).
 */
final class Messages {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INTERNAL_ERROR = -32603;
    /** The code the router uses for a call whose backend closed the stream: retryable. */
    static final int STREAM_CLOSED = -32000;
    /** The code the router uses for a full queue: retryable. */
    static final int QUEUE_FULL = -32003;

    /**
     * Buffers recycled per thread, not through Jackson 3's default pool (one lock-free deque that
     * every request thread and the process's output thread take from and give back to, twice per
     * call each): 16 % less CPU per bridged call in an alternating A/B (docs/benchmarks.md). The
     * bridge's threads are platform threads (the container's, the attachments'), which a thread-local
     * pool suits.
     */
    static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool()).build()).build();

    /** What a message is, by its envelope. */
    enum Kind { REQUEST, NOTIFICATION, RESPONSE, INVALID }

    private Messages() {
    }

    /** The message as a tree, or {@code null} when the bytes are not one JSON object. */
    static ObjectNode parse(byte[] bytes, int offset, int length) {
        try {
            JsonNode node = JSON.readTree(bytes, offset, length);
            return node instanceof ObjectNode object ? object : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The first byte that is not JSON whitespace ({@code '['} starts a batch), or -1 when there is none. */
    static int firstByte(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b;
            }
        }
        return -1;
    }

    static Kind kind(ObjectNode message) {
        boolean hasMethod = message.path("method").isString();
        JsonNode id = message.get("id");
        boolean hasId = id != null && (id.isString() || id.isIntegralNumber());
        if (hasMethod) {
            return hasId ? Kind.REQUEST : id == null ? Kind.NOTIFICATION : Kind.INVALID;
        }
        return hasId && (message.has("result") || message.has("error")) ? Kind.RESPONSE : Kind.INVALID;
    }

    static String method(ObjectNode message) {
        return message.path("method").asString("");
    }

    /** One line of JSON, without the newline. */
    static byte[] bytes(JsonNode message) {
        return JSON.writeValueAsBytes(message);
    }

    static ObjectNode response(JsonNode id, JsonNode result) {
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", result);
        return response;
    }

    /** An error response; {@code reason}, when given, is {@code data.reason} with {@code data.retryable}. */
    static ObjectNode error(JsonNode id, int code, String message, String reason, boolean retryable, String service) {
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id == null ? JSON.nullNode() : id);
        ObjectNode error = response.putObject("error").put("code", code).put("message", message);
        if (reason != null) {
            ObjectNode data = error.putObject("data").put("reason", reason).put("retryable", retryable);
            if (service != null) {
                data.put("service", service);
            }
        }
        return response;
    }

    static ObjectNode request(long id, String method, JsonNode params) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        return request;
    }

    static ObjectNode notification(String method, JsonNode params) {
        ObjectNode note = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            note.set("params", params);
        }
        return note;
    }

    /** The id as a map key: its JSON text, so that {@code 1} and {@code "1"} stay apart. */
    static String key(JsonNode id) {
        return id.toString();
    }
}
