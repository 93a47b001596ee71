package io.mcpfleet.router.upstream;

import io.mcpfleet.router.discovery.InstanceRef;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's transport. POSTs (every call) use the router's own HTTP/1.1 client ({@code Http1*}:
 * {@link Http1Pool}, {@link Http1Connection}, {@link Http1Response}, {@link Http1Exchange}): the
 * request is written and its answer read on the calling thread over a pooled keep-alive connection,
 * with the session's request head formatted once ({@link RequestHead}). GET streams, which may stay
 * open for hours, and DELETEs go through the JDK's asynchronous {@link HttpClient}, which reads
 * streams without a thread each.
 *
 * <p>Why a client of our own for POSTs: the JDK client's {@code sendAsync} hands every call across
 * three or four threads (selector, executor, the waiting request thread), and on a busy 2-core
 * machine each hand-off waits for a time slice: the router managed 0.04-0.3x of nginx's calls/s.
 * Apache HttpClient 5 classic removed the hand-offs but spent a third of the router's CPU in its
 * exec chain, and its stale check blocks 1 ms. This one writes each POST with one gathering write,
 * reads the answer in place (Content-Length, chunked or close-delimited; SSE decoded as it
 * arrives), checks an idle connection with a non-blocking peek before reuse, and bounds every read
 * by a deadline the pool enforces (a timed read on a channel costs five system calls). Measured by
 * the {@code overhead} scenario of {@code bench/run.sh} (a minimal Node MCP server, direct / nginx /
 * router, {@code wrk} at 32 connections): 52 us of router CPU per call, 0.79-0.81x nginx's calls/s
 * (docs/benchmarks.md, "Router"). A library client that gets within that target is to be preferred.
 */
final class HttpTransport implements UpstreamTransport {

    private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);
    /** Idle POST connections live this long (the stale check before reuse catches the ones servers close sooner). */
    private static final long MAX_IDLE_MILLIS = 30_000;

    private final Http1Pool posts;
    private final LoopConnections loops;
    private final HttpClient streams;
    private final int maxMessageBytes;
    private final String bridgeAuthorization;

    /**
     * @param connectTimeout  how long connecting to an instance may take
     * @param streams         the asynchronous client for GET streams and DELETEs
     * @param maxMessageBytes the largest message (JSON body or SSE event) a backend may send
     * @param timers          closes POST connections left idle (servers close theirs after a few seconds)
     * @param apiToken        the manager's API token ({@code FLEET_API_TOKEN}), sent to the manager's bridge
     *                        to stdio servers and to no other backend; {@code null} when the manager has none
     */
    HttpTransport(Duration connectTimeout, HttpClient streams, int maxMessageBytes, ScheduledExecutorService timers,
                  String apiToken) {
        this.bridgeAuthorization = apiToken == null || apiToken.isBlank() ? null : "Bearer " + apiToken.strip();
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        this.posts = new Http1Pool(connectMillis, MAX_IDLE_MILLIS);
        this.loops = new LoopConnections(connectMillis, maxMessageBytes, MAX_IDLE_MILLIS);
        this.streams = streams;
        this.maxMessageBytes = maxMessageBytes;
        timers.scheduleWithFixedDelay(posts::closeIdle, MAX_IDLE_MILLIS, MAX_IDLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public UpstreamExchange post(InstanceRef instance, byte[] message) {
        return exchange(RequestHead.of(instance.mcpUrl(), null, null, authorization(instance)), message);
    }

    @Override
    public String authorization(InstanceRef instance) {
        return instance.bridge() ? bridgeAuthorization : null;
    }

    @Override
    public UpstreamExchange post(BackendSession session, byte[] message) {
        return exchange(session.requestHead(), message);
    }

    @Override
    public UpstreamExchange post(BackendSession session, byte[] message, String headerLines) {
        return exchange(session.requestHead().with(headerLines), message);
    }

    @Override
    public LoopExchange postOnLoop(BackendSession session, byte[] message, String headerLines,
                                   io.netty.channel.EventLoop loop) {
        return loops.exchange(loop, session.requestHead().with(headerLines), message);
    }

    /** The loop-affine connections (tests look at their counts). */
    LoopConnections loops() {
        return loops;
    }

    private UpstreamExchange exchange(RequestHead head, byte[] message) {
        return new Http1Exchange(posts, head.endpoint(), head.bytes(message.length), message, maxMessageBytes);
    }

    @Override
    public BackendStream listen(BackendSession session, BackendStream.Sink sink) {
        SseGetStream stream = new SseGetStream(session, sink, maxMessageBytes);
        HttpRequest.Builder b = HttpRequest.newBuilder(session.instance().mcpUrl())
                .header("Accept", "text/event-stream")
                .header("MCP-Protocol-Version", session.protocolVersion())
                .GET();
        if (session.sessionId() != null) {
            b.header("Mcp-Session-Id", session.sessionId());
        }
        if (session.authorization() != null) {
            b.header("Authorization", session.authorization());
        }
        stream.started(streams.sendAsync(b.build(), stream));
        return stream;
    }

    @Override
    public BackendStream subscribe(BackendSession session, byte[] request, BackendStream.Sink sink) {
        SseGetStream stream = new SseGetStream(session, sink, maxMessageBytes);
        HttpRequest.Builder b = HttpRequest.newBuilder(session.instance().mcpUrl())
                .header("Content-Type", "application/json")
                .header("Accept", UpstreamClient.ACCEPT_BOTH)
                .header("MCP-Protocol-Version", session.protocolVersion())
                .header("Mcp-Method", "subscriptions/listen")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request));
        if (session.authorization() != null) {
            b.header("Authorization", session.authorization());
        }
        stream.started(streams.sendAsync(b.build(), stream));
        return stream;
    }

    @Override
    public void delete(BackendSession session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(session.instance().mcpUrl())
                .timeout(Duration.ofSeconds(5))
                .header("Mcp-Session-Id", session.sessionId())
                .header("MCP-Protocol-Version", session.protocolVersion())
                .DELETE();
        if (session.authorization() != null) {
            request.header("Authorization", session.authorization());
        }
        streams.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, t) -> {
            if (t != null) {
                log.debug("DELETE of backend session {} failed: {}", session, t.toString());
            }
        });
    }

    @Override
    public void close() {
        posts.close();
        loops.close();
    }
}
