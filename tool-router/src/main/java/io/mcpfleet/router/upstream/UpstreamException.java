package io.mcpfleet.router.upstream;

/** A call to a backend failed at the transport or protocol level. */
public class UpstreamException extends RuntimeException {

    /** What went wrong, coarse enough to choose an answer and whether a replay is possible. */
    public enum Kind {
        /** Could not connect: nothing was sent. */
        UNREACHABLE,
        /** The instance answered 5xx. */
        SERVER_ERROR,
        /** The instance refused the request (4xx other than an unknown session). */
        REJECTED,
        /** The instance no longer knows the backend session (404): reopen and resend. */
        SESSION_GONE,
        /** The answer was not valid JSON-RPC, or too large. */
        GARBAGE,
        /** The connection or stream ended before the response. */
        CLOSED,
        /** No response within the deadline. */
        TIMEOUT
    }

    private final Kind kind;

    public UpstreamException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
