package io.mcpfleet.router.mcp;

import io.mcpfleet.router.activation.SessionUse;
import io.mcpfleet.router.routing.CallContext;
import io.mcpfleet.router.routing.CallHandle;
import io.mcpfleet.router.routing.PooledCapabilities;
import io.mcpfleet.router.routing.SessionBindings;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.InitParams;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's MCP session with the router ({@code Mcp-Session-Id}): what it negotiated, its
 * backend bindings, its calls in flight, the server-to-client requests awaiting its answers, and
 * its GET stream.
 */
final class ClientSession implements CallContext {

    /**
     * A request sent to this client, awaiting its answer: a backend's (answered to {@code session}
     * under {@code backendIdJson}), or the router's own for a modern server's input round
     * ({@code local} completes with the answer).
     */
    record PendingRequest(BackendSession session, String backendIdJson, CompletableFuture<byte[]> local) {
    }

    private final String id;
    private final String protocolVersion;
    private final InitParams initParams;
    private final InitParams pooledInitParams;
    private final SessionBindings bindings;
    private final SessionUse use;
    private final Map<String, CallHandle> calls = new ConcurrentHashMap<>();
    private final Map<String, PendingRequest> pending = new ConcurrentHashMap<>();
    private final AtomicLong serverRequestIds = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private volatile long lastActiveMillis;
    private volatile String logLevel;
    private volatile ClientStream stream;
    private volatile String pinnedInstance;
    private volatile boolean relaysServerStream = true;

    ClientSession(String id, String protocolVersion, InitParams initParams, SessionBindings bindings, SessionUse use,
                  long nowMillis) {
        this.id = id;
        this.protocolVersion = protocolVersion;
        this.initParams = initParams;
        this.pooledInitParams = PooledCapabilities.of(initParams.capabilities());
        this.bindings = bindings;
        this.use = use;
        this.lastActiveMillis = nowMillis;
    }

    /** How recently the session was used, for activity (its bindings keep services awake only while it is). */
    SessionUse use() {
        return use;
    }

    String id() {
        return id;
    }

    String protocolVersion() {
        return protocolVersion;
    }

    @Override
    public InitParams initParams() {
        return initParams;
    }

    @Override
    public InitParams pooledInitParams() {
        return pooledInitParams;
    }

    @Override
    public String logLevel() {
        return logLevel;
    }

    void logLevel(String level) {
        this.logLevel = level;
    }

    @Override
    public SessionBindings bindings() {
        return bindings;
    }

    @Override
    public String serverRequest(BackendSession from, String backendIdJson) {
        String clientSees = "\"fleet-" + serverRequestIds.incrementAndGet() + "\"";
        pending.put(clientSees, new PendingRequest(from, backendIdJson, null));
        return clientSees;
    }

    /** Registers a request the router itself sends the client; its answer completes {@code answer}. */
    String localRequest(CompletableFuture<byte[]> answer) {
        String clientSees = "\"fleet-" + serverRequestIds.incrementAndGet() + "\"";
        pending.put(clientSees, new PendingRequest(null, null, answer));
        return clientSees;
    }

    /** Takes the backend request a client's response answers, or {@code null}. */
    PendingRequest answer(String clientIdJson) {
        return pending.remove(clientIdJson);
    }

    @Override
    public void callStarted(String clientIdJson, CallHandle handle) {
        calls.put(clientIdJson, handle);
    }

    @Override
    public void callEnded(String clientIdJson) {
        calls.remove(clientIdJson);
    }

    CallHandle call(String clientIdJson) {
        return calls.get(clientIdJson);
    }

    @Override
    public void toClientStream(byte[] json) {
        ClientStream s = stream;
        if (s != null) {
            s.send(json);
        }
    }

    @Override
    public String pinnedInstance() {
        return pinnedInstance;
    }

    @Override
    public boolean relaysServerStream() {
        return relaysServerStream;
    }

    /** A session for one request: its bindings open no GET stream (nothing could reach the client after it). */
    void forOneRequest() {
        relaysServerStream = false;
    }

    /** Whether this is a 2026-07-28 request's session ({@link #forOneRequest}), whose client takes input_required results. */
    boolean forOneRequestOnly() {
        return !relaysServerStream;
    }

    /** Sends this session's calls to one instance (a modern retry with the requestState it issued). */
    void pin(String instanceId) {
        pinnedInstance = instanceId;
    }

    ClientStream stream() {
        return stream;
    }

    /** Opens a GET stream; the previous one, if any, is closed (messages go to one stream only). */
    void stream(ClientStream next) {
        ClientStream previous = stream;
        stream = next;
        use.streamOpen(true);
        if (previous != null) {
            previous.close();
        }
    }

    void streamEnded(ClientStream ended) {
        if (stream == ended) {
            stream = null;
            use.streamOpen(false);
        }
    }

    /** A request of this session started: it is not idle until it ends. */
    void enter(long nowMillis) {
        active.incrementAndGet();
        lastActiveMillis = nowMillis;
    }

    void exit(long nowMillis) {
        active.decrementAndGet();
        lastActiveMillis = nowMillis;
    }

    boolean idleLongerThan(long idleMillis, long nowMillis) {
        return active.get() == 0 && nowMillis - lastActiveMillis > idleMillis;
    }

    /** Ends the session: its calls, its GET stream and its backend sessions. */
    void close() {
        calls.values().forEach(h -> h.cancel(null));
        ClientStream s = stream;
        if (s != null) {
            s.close();
        }
        bindings.closeAll();
        pending.clear();
    }
}
