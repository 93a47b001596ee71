package io.mcpfleet.router.routing;

import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.InitParams;

/** What routing needs from the client session a call belongs to. */
public interface CallContext {

    /** What to present when opening a backend session for this client. */
    InitParams initParams();

    /**
     * What the pooled backend sessions this client's calls to stateless services go through
     * present: the router's clientInfo and the capabilities the client may share with others
     * ({@link PooledCapabilities}). Fixed for the client session, so looking its pool up costs a
     * hash lookup per call.
     */
    InitParams pooledInitParams();

    /** The log level the client asked for ({@code logging/setLevel}), or {@code null}. */
    String logLevel();

    /** This client's backend sessions, by service. */
    SessionBindings bindings();

    /**
     * Registers a request a backend sends to the client (sampling, elicitation, roots) and
     * returns the id the client sees, so its answer can be routed back.
     */
    String serverRequest(BackendSession from, String backendIdJson);

    /** A call is in flight under the client's request id (for {@code notifications/cancelled}). */
    void callStarted(String clientIdJson, CallHandle handle);

    void callEnded(String clientIdJson);

    /** Sends a message on the client's GET stream, if it has one open (dropped otherwise). */
    void toClientStream(byte[] json);

    /**
     * The instance this request must go to, or {@code null}: a 2026-07-28 retry carrying the
     * {@code requestState} an instance issued goes back to that instance, or fails.
     */
    default String pinnedInstance() {
        return null;
    }

    /**
     * Whether a binding relays its backend session's GET stream to this client. A 2026-07-28
     * request's binding lives for that request only and has nowhere to send what a server says
     * outside it: it opens none.
     */
    default boolean relaysServerStream() {
        return true;
    }
}
