package io.mcpfleet.router.failure;

import io.mcpfleet.router.json.Splice;
import java.nio.charset.StandardCharsets;

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
        StringBuilder data = new StringBuilder(128).append("{\"reason\":").append(Splice.quote(f.reason().wireName()))
                .append(",\"retryable\":").append(f.reason().retryable());
        if (f.service() != null) {
            data.append(",\"service\":").append(Splice.quote(f.service()));
        }
        if (f.tool() != null) {
            data.append(",\"tool\":").append(Splice.quote(f.tool()));
        }
        if (f.retryAfterMillis() != null) {
            data.append(",\"retry_after_ms\":").append(f.retryAfterMillis());
        }
        data.append('}');
        return error(idJson, f.reason().code(), f.getMessage(), data.toString());
    }

    /** A plain JSON-RPC error response ({@code idJson} may be {@code null}). */
    public static byte[] error(String idJson, int code, String message, String dataJson) {
        String s = "{\"jsonrpc\":\"2.0\",\"id\":" + (idJson == null ? "null" : idJson) + ",\"error\":{\"code\":" + code
                + ",\"message\":" + Splice.quote(message) + (dataJson == null ? "" : ",\"data\":" + dataJson) + "}}";
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
