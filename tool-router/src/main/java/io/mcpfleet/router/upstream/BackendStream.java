package io.mcpfleet.router.upstream;

import java.util.concurrent.CompletionStage;

/**
 * A backend session's GET stream: what the server sends outside any call (notifications, its own
 * requests), handed to a {@link Sink} as it arrives, until closed.
 */
public interface BackendStream extends AutoCloseable {

    /** Receives the stream's messages and its end. */
    interface Sink {
        void message(BackendSession session, byte[] json);

        /**
         * The stream ended.
         *
         * @param refused the server does not offer a GET stream (or refused it): do not reopen
         */
        default void ended(BackendSession session, boolean refused) {
        }
    }

    /**
     * Completes once the server has answered the GET (the stream is open, or it refused one) or the
     * request failed: from then on, what the server sends outside any call reaches the sink.
     */
    CompletionStage<Void> answered();

    /** Stops listening. */
    @Override
    void close();
}
