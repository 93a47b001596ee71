package io.mcpfleet.router.upstream;

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

    /** Stops listening. */
    @Override
    void close();
}
