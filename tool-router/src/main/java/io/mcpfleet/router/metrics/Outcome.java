package io.mcpfleet.router.metrics;

import io.mcpfleet.router.failure.Reason;
import java.util.Locale;

/** How a call ended, as the {@code outcome} tag of the call metrics (a bounded set). */
public enum Outcome {
    /** A result. */
    OK,
    /** A result with {@code isError: true}: the tool failed, the routing did not. */
    TOOL_ERROR,
    /** The backend answered with a JSON-RPC error. */
    RPC_ERROR,
    /** The client cancelled, or went away. */
    CANCELLED,
    UNKNOWN_TOOL, UNKNOWN_PROMPT, UNKNOWN_RESOURCE, NO_HEALTHY_INSTANCE, CIRCUIT_OPEN, WAKE_FAILED, WAKE_TIMEOUT, QUEUE_FULL, CALL_TIMEOUT,
    BACKEND_UNREACHABLE, BACKEND_ERROR, BACKEND_GARBAGE, STREAM_CLOSED, INTERNAL;

    private final String tag = name().toLowerCase(Locale.ROOT);

    public String tag() {
        return tag;
    }

    public static Outcome of(Reason reason) {
        return valueOf(reason.name());
    }
}
