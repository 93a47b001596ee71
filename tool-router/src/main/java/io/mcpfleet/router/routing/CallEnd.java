package io.mcpfleet.router.routing;

/**
 * Told once how a call started by {@link CallRouter#start} ended, on whichever thread ended it
 * (the event loop for a plain JSON answer, the virtual thread that carried the call on otherwise).
 */
@FunctionalInterface
public interface CallEnd {

    /**
     * @param failure {@code null} when the sink was answered (or the call was cancelled); else what
     *                {@link CallRouter#call} would have thrown: a {@link io.mcpfleet.router.failure.RouteFailure}
     *                for the client's JSON-RPC error (nothing was written unless the sink says it
     *                {@link ReplySink#streamed() streamed}), a {@link ClientGoneException}, or a bug
     */
    void ended(RuntimeException failure);
}
