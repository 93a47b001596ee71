package io.mcpfleet.router.failure;

import io.mcpfleet.router.json.JsonRpc;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place where failures become answers: a JSON-RPC error whose message says what happened
 * and whose {@code data} says {@code {service, tool, reason, retryable, retry_after_ms}}.
 */
public final class Failures {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;

    private Failures() {
    }

    /** The JSON-RPC error response for a failed call. */
    public static byte[] toResponse(String idJson, RouteFailure f) {
        ObjectNode data = JsonRpc.object();
        data.put("reason", f.reason().wireName());
        data.put("retryable", f.reason().retryable());
        if (f.service() != null) {
            data.put("service", f.service());
        }
        if (f.tool() != null) {
            data.put("tool", f.tool());
        }
        if (f.retryAfterMillis() != null) {
            data.put("retry_after_ms", f.retryAfterMillis());
        }
        return JsonRpc.error(idJson, f.reason().code(), f.getMessage(), data);
    }

    /** A plain JSON-RPC error response ({@code idJson} may be {@code null}). */
    public static byte[] error(String idJson, int code, String message) {
        return JsonRpc.error(idJson, code, message, null);
    }
}
