package io.mcpfleet.router.failure;

/**
 * A call that could not be routed or completed. Carries everything the client's error needs;
 * {@link Failures} turns it into the JSON-RPC error, in one place.
 */
public class RouteFailure extends RuntimeException {

    private final Reason reason;
    private final String service;
    private final String tool;
    private final Long retryAfterMillis;

    public RouteFailure(Reason reason, String service, String tool, String message, Long retryAfterMillis,
                        Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
        this.service = service;
        this.tool = tool;
        this.retryAfterMillis = retryAfterMillis;
    }

    public RouteFailure(Reason reason, String service, String tool, String message) {
        this(reason, service, tool, message, null, null);
    }

    public Reason reason() {
        return reason;
    }

    public String service() {
        return service;
    }

    public String tool() {
        return tool;
    }

    /** When to try again, if known. */
    public Long retryAfterMillis() {
        return retryAfterMillis;
    }
}
