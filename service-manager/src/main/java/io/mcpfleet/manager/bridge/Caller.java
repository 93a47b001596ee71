package io.mcpfleet.manager.bridge;

import tools.jackson.databind.node.ObjectNode;

/**
 * Where the messages of one exchange go: a client's call (its POST), a client session's GET
 * stream, or the bridge itself (its own initialize and pings). Called on the process's output
 * thread, so it must never block: a slow reader buffers, up to its limit.
 */
interface Caller {

    /**
     * Takes one message. The caller may keep the node only until it returns (serialize it, or copy).
     *
     * @param last whether it is the response that ends the exchange
     * @return {@code false} when the caller is gone or has overflowed its buffer: the bridge then
     *         drops the call and tells the server it is cancelled
     */
    boolean deliver(ObjectNode message, boolean last);

    /** Ends the exchange without a (further) response: cancelled, or the session or the process went away. */
    void end();

    /** Shows a long-lived stream that it is still alive (a client that went away is noticed by the write). */
    default void keepAlive() {
    }
}
