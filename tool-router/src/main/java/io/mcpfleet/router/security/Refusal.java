package io.mcpfleet.router.security;

import io.mcpfleet.router.failure.Failures;

/**
 * A request refused before it reached the MCP endpoint's logic: the HTTP status, the JSON-RPC
 * error body that says why and, for a 401, the {@code WWW-Authenticate} challenge. Written the
 * same way by the servlet path and the front end's event-loop path.
 */
public record Refusal(int status, byte[] body, String challenge) {

    /** A refusal whose body is a JSON-RPC error with {@code idJson} (may be {@code null}). */
    public static Refusal of(int status, String idJson, int code, String message) {
        return new Refusal(status, Failures.error(idJson, code, message), null);
    }

    static Refusal challenged(int status, String message, String challenge) {
        return new Refusal(status, Failures.error(null, Failures.INVALID_REQUEST, message), challenge);
    }
}
