package io.mcpfleet.router.failure;

import java.util.Locale;

/**
 * Every way a routed call can fail, with the JSON-RPC error code the client gets and whether
 * trying again may help. The wire name ({@code data.reason}) is the lower-case constant name.
 */
public enum Reason {
    /** No tool of that name in the catalog. */
    UNKNOWN_TOOL(-32602, false, "unknown tool"),
    /** No prompt of that name in the catalog (or a completion's reference names none). */
    UNKNOWN_PROMPT(-32602, false, "unknown prompt"),
    /** No service lists the URI or has a template that matches it (MCP's "resource not found"). */
    UNKNOWN_RESOURCE(-32002, false, "unknown resource"),
    /** The service has no routable instance and none could be started. */
    NO_HEALTHY_INSTANCE(-32001, true, "no healthy instance"),
    /** Every instance's circuit breaker is open. */
    CIRCUIT_OPEN(-32001, true, "circuit open"),
    /** The manager refused or could not be asked to start the service. */
    WAKE_FAILED(-32001, true, "wake failed"),
    /** The service did not become ready within its wake timeout. */
    WAKE_TIMEOUT(-32002, true, "wake timeout"),
    /** Too many calls are already held for this service while it wakes. */
    QUEUE_FULL(-32003, true, "queue full"),
    /** The call did not finish within the service's call timeout. */
    CALL_TIMEOUT(-32004, true, "call timeout"),
    /** The instance could not be reached. */
    BACKEND_UNREACHABLE(-32000, true, "backend unreachable"),
    /** The instance answered with an HTTP error. */
    BACKEND_ERROR(-32000, true, "backend error"),
    /** The instance answered something that is not a JSON-RPC response. */
    BACKEND_GARBAGE(-32000, false, "backend sent garbage"),
    /** The instance closed the connection or stream before the response. */
    STREAM_CLOSED(-32000, true, "backend closed the stream"),
    /** The router itself failed (a bug): logged with context, never a stack trace to the client. */
    INTERNAL(-32603, false, "internal error");

    private final int code;
    private final boolean retryable;
    private final String summary;

    Reason(int code, boolean retryable, String summary) {
        this.code = code;
        this.retryable = retryable;
        this.summary = summary;
    }

    public int code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public String summary() {
        return summary;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
