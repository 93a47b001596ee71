package io.mcpfleet.router.sse;

/** A single event exceeded the size limit: the stream is garbage or hostile. */
public class SseTooLargeException extends RuntimeException {

    public SseTooLargeException(int limit) {
        super("an SSE event exceeds " + limit + " bytes");
    }
}
