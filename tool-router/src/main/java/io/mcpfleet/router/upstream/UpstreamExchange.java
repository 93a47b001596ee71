package io.mcpfleet.router.upstream;

/**
 * One POST to a backend, read by the calling thread itself as a sequence of items, each taken with
 * a deadline: {@link Head} (status and content type), then one {@link Message} per JSON body or SSE
 * event as it arrives, then {@link #END}; or a {@link Failure}.
 *
 * <p>Not thread-safe, except {@link #abort()}, which any thread may call to end the exchange (the
 * reading thread then gets {@link #ABORTED}).
 */
public interface UpstreamExchange {

    /** The response status line and headers arrived. */
    record Head(int status, boolean sse, String sessionId) {
    }

    /** One JSON-RPC message (a JSON body, or the data of one SSE event). */
    record Message(byte[] json) {
    }

    /** The exchange failed. */
    record Failure(Throwable cause) {
    }

    /** The body ended. */
    Object END = new Object();
    /** {@link #next(long)} reached its deadline. */
    Object TIMEOUT = new Object();
    /** {@link #abort()} was called. */
    Object ABORTED = new Object();

    /**
     * The next item, waiting at most until {@code deadlineNanos} ({@link System#nanoTime()} scale).
     * The request goes out with the first call.
     *
     * @return a {@link Head}, {@link Message}, {@link Failure}, {@link #END}, {@link #TIMEOUT} or {@link #ABORTED}
     */
    Object next(long deadlineNanos);

    /**
     * The answer is in hand: reads what is left of the body, briefly, so the connection can be
     * reused; a stream that does not end at once is cut (its connection is then closed).
     */
    void finish();

    /** Stops the exchange from any thread: the reader gets {@link #ABORTED}. */
    void abort();
}
