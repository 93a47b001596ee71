package io.mcpfleet.router.upstream;

import io.mcpfleet.router.discovery.InstanceRef;

/**
 * How MCP messages travel between the router and an instance (Streamable HTTP): what
 * {@link UpstreamClient} needs of HTTP. The router's is {@link HttpTransport}; unit tests of the
 * routing core put an in-memory fake in its place.
 */
public interface UpstreamTransport {

    /**
     * Prepares a POST of one JSON-RPC message outside any session ({@code initialize}). It goes out
     * with the exchange's first {@link UpstreamExchange#next(long)}, which then returns the answer
     * (a JSON body or SSE events) item by item.
     */
    UpstreamExchange post(InstanceRef instance, byte[] message);

    /** Prepares a POST of one JSON-RPC message within a session (its id and protocol version as headers). */
    UpstreamExchange post(BackendSession session, byte[] message);

    /**
     * The same with more header lines for this message only (a 2026-07-28 instance's {@code Mcp-Method}
     * and {@code Mcp-Name}); each line ends in CRLF. A transport with no headers to write ignores them.
     */
    default UpstreamExchange post(BackendSession session, byte[] message, String headerLines) {
        return post(session, message);
    }

    /**
     * Prepares the same POST as {@link #post(BackendSession, byte[], String)} on a keep-alive channel of
     * {@code loop}, to be started there ({@link LoopExchange#start}); {@code null} when this transport has
     * no such channels or cannot make one without waiting (the backend's address is being looked up).
     */
    default LoopExchange postOnLoop(BackendSession session, byte[] message, String headerLines,
                                    io.netty.channel.EventLoop loop) {
        return null;
    }

    /** Opens the session's GET stream; its messages reach {@code sink} on the transport's threads. */
    BackendStream listen(BackendSession session, BackendStream.Sink sink);

    /**
     * Opens a 2026-07-28 instance's {@code subscriptions/listen} stream: {@code request} (the listen
     * request, {@code _meta} included) is POSTed and its SSE answer read like a GET stream, each
     * message to {@code sink} on the transport's threads, until closed or ended by the server.
     */
    default BackendStream subscribe(BackendSession session, byte[] request, BackendStream.Sink sink) {
        throw new UnsupportedOperationException("this transport opens no subscriptions/listen streams");
    }

    /** Ends the session at the instance ({@code DELETE}), in the background; a failure is only logged. */
    void delete(BackendSession session);

    /**
     * The {@code Authorization} header an instance wants, or {@code null}: only the manager's bridge
     * to stdio servers wants one (the API token); no other backend ever sees a credential.
     */
    default String authorization(InstanceRef instance) {
        return null;
    }

    /** Closes every connection (the router stops). */
    void close();
}
