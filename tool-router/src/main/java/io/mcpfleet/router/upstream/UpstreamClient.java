package io.mcpfleet.router.upstream;

import io.mcpfleet.router.discovery.InstanceRef;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.MalformedJsonException;
import io.mcpfleet.router.json.Splice;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Speaks MCP Streamable HTTP to backend instances: opening sessions, relaying messages, small
 * request/response exchanges, and closing sessions. POSTs (every call) go out on the calling
 * thread over a pooled keep-alive client and their answers are read there too, so a call costs no
 * thread hand-offs; GET streams, which may stay open for hours, are read without a thread of their
 * own by an asynchronous client.
 */
public class UpstreamClient {

    private static final Logger log = LoggerFactory.getLogger(UpstreamClient.class);
    static final String ACCEPT_BOTH = "application/json, text/event-stream";
    /** Idle POST connections live this long (the stale check before reuse catches the ones servers close sooner). */
    private static final long MAX_IDLE_MILLIS = 30_000;

    private final Http1Pool posts;
    private final HttpClient streams;
    private final EnvelopeScanner scanner;
    private final JsonMapper json;
    private final int maxMessageBytes;
    private final AtomicLong ids = new AtomicLong();
    private final Executor background;
    private final String bridgeAuthorization;

    /**
     * @param connectTimeout how long connecting to an instance may take
     * @param streams        the asynchronous client for GET streams and DELETEs
     * @param timers         closes POST connections left idle (servers close theirs after a few seconds)
     */
    public UpstreamClient(Duration connectTimeout, HttpClient streams, EnvelopeScanner scanner, JsonMapper json,
                          int maxMessageBytes, Executor background, ScheduledExecutorService timers) {
        this(connectTimeout, streams, scanner, json, maxMessageBytes, background, timers, null);
    }

    /**
     * @param apiToken the manager's API token ({@code FLEET_API_TOKEN}), sent to the manager's bridge to
     *                 stdio servers and to no other backend; {@code null} when the manager has none
     */
    public UpstreamClient(Duration connectTimeout, HttpClient streams, EnvelopeScanner scanner, JsonMapper json,
                          int maxMessageBytes, Executor background, ScheduledExecutorService timers, String apiToken) {
        this.bridgeAuthorization = apiToken == null || apiToken.isBlank() ? null : "Bearer " + apiToken.strip();
        this.posts = new Http1Pool((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()), MAX_IDLE_MILLIS);
        this.streams = streams;
        this.background = background;
        this.scanner = scanner;
        this.json = json;
        this.maxMessageBytes = maxMessageBytes;
        timers.scheduleWithFixedDelay(posts::closeIdle, MAX_IDLE_MILLIS, MAX_IDLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Closes the idle POST connections (the router is stopping). */
    public void shutdown() {
        posts.close();
    }

    /**
     * Opens a session: {@code initialize}, then {@code notifications/initialized}.
     *
     * @throws UpstreamException when the instance cannot be reached or refuses
     */
    public BackendSession open(String service, InstanceRef instance, InitParams init, Duration timeout) {
        String id = Splice.quote("fleet-init-" + ids.incrementAndGet());
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + Splice.quote(init.protocolVersion()) + ",\"capabilities\":" + init.capabilities()
                + ",\"clientInfo\":" + init.clientInfo() + "}}";
        long deadline = System.nanoTime() + timeout.toNanos();
        UpstreamExchange exchange = send(instance, null, null, body.getBytes(StandardCharsets.UTF_8));
        String sessionId = null;
        byte[] response = null;
        try {
            while (response == null) {
                Object item = exchange.next(deadline);
                if (item instanceof UpstreamExchange.Head head) {
                    checkStatus(head, instance, "initialize");
                    sessionId = head.sessionId();
                } else if (item instanceof UpstreamExchange.Message m) {
                    Envelope e = scan(m.json(), instance);
                    if (e.kind() == Envelope.Kind.RESPONSE && id.equals(e.idText())) {
                        response = m.json();
                    }
                } else {
                    throw endOf(item, instance, "initialize");
                }
            }
        } catch (RuntimeException e) {
            exchange.abort();
            throw e;
        }
        exchange.finish();
        JsonNode node = json.readTree(response);
        if (node.has("error")) {
            throw new UpstreamException(UpstreamException.Kind.REJECTED, "instance " + instance.id()
                    + " refused initialize: " + node.get("error"), null);
        }
        String version = node.path("result").path("protocolVersion").asString(init.protocolVersion());
        if (!version.matches("[A-Za-z0-9._-]{1,32}")) {
            throw new UpstreamException(UpstreamException.Kind.GARBAGE, "instance " + instance.id()
                    + " answered initialize with a malformed protocolVersion", null);
        }
        BackendSession session = new BackendSession(service, instance, sessionId, version, authorization(instance));
        post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}".getBytes(StandardCharsets.UTF_8),
                timeout);
        return session;
    }

    /**
     * Prepares one message within a session and returns the exchange to read its answer from: the
     * message goes out with the first {@link UpstreamExchange#next(long)}, whose deadline bounds it.
     */
    public UpstreamExchange send(BackendSession session, byte[] message) {
        return exchange(session.requestHead(), message);
    }

    /**
     * Sends a request the router itself makes (e.g. {@code tools/list}) and returns the response
     * message, skipping notifications that arrive before it.
     */
    public byte[] request(BackendSession session, String method, String paramsJson, Duration timeout) {
        String id = Splice.quote("fleet-" + ids.incrementAndGet());
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":" + Splice.quote(method)
                + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}";
        long deadline = System.nanoTime() + timeout.toNanos();
        UpstreamExchange exchange = send(session, body.getBytes(StandardCharsets.UTF_8));
        try {
            while (true) {
                Object item = exchange.next(deadline);
                if (item instanceof UpstreamExchange.Head head) {
                    checkStatus(head, session.instance(), method);
                } else if (item instanceof UpstreamExchange.Message m) {
                    Envelope e = scan(m.json(), session.instance());
                    if (e.kind() == Envelope.Kind.RESPONSE && id.equals(e.idText())) {
                        exchange.finish();
                        return m.json();
                    }
                } else {
                    throw endOf(item, session.instance(), method);
                }
            }
        } catch (RuntimeException e) {
            exchange.abort();
            throw e;
        }
    }

    /** Posts a notification or a response (no answer expected beyond 202). */
    public void post(BackendSession session, byte[] message, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        UpstreamExchange exchange = send(session, message);
        try {
            Object item = exchange.next(deadline);
            if (item instanceof UpstreamExchange.Head head) {
                checkStatus(head, session.instance(), "post");
                exchange.finish();
                return;
            }
            throw endOf(item, session.instance(), "post");
        } catch (RuntimeException e) {
            exchange.abort();
            throw e;
        }
    }

    /** Posts in the background; failures are only logged (the message was best effort). */
    public void postLater(BackendSession session, byte[] message, Duration timeout) {
        background.execute(() -> {
            try {
                post(session, message, timeout);
            } catch (UpstreamException e) {
                log.debug("best-effort message to {} failed: {}", session, e.getMessage());
            }
        });
    }

    /** Ends the session at the instance ({@code DELETE}), in the background. */
    public void close(BackendSession session) {
        session.markClosed();
        if (session.sessionId() == null) {
            return;
        }
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

    /** Opens the session's GET stream; each message is handed to {@code sink} on an HTTP client thread. */
    public BackendStream listen(BackendSession session, BackendStream.Sink sink) {
        BackendStream stream = new BackendStream(session, sink, maxMessageBytes);
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

    private UpstreamExchange send(InstanceRef instance, String sessionId, String version, byte[] message) {
        return exchange(RequestHead.of(instance.mcpUrl(), sessionId, version, authorization(instance)), message);
    }

    /** Only the manager's bridge gets the API token: no other backend ever sees a credential. */
    private String authorization(InstanceRef instance) {
        return instance.bridge() ? bridgeAuthorization : null;
    }

    private UpstreamExchange exchange(RequestHead head, byte[] message) {
        return new UpstreamExchange(posts, head.endpoint(), head.bytes(message.length), message, maxMessageBytes);
    }

    private Envelope scan(byte[] message, InstanceRef instance) {
        try {
            return scanner.scan(message);
        } catch (MalformedJsonException e) {
            throw new UpstreamException(UpstreamException.Kind.GARBAGE, "instance " + instance.id()
                    + " sent a message that is not JSON: " + e.getMessage(), e);
        }
    }

    /** Maps a non-2xx head to the exception that says what it means. */
    public static void checkStatus(UpstreamExchange.Head head, InstanceRef instance, String what) {
        int status = head.status();
        if (status / 100 == 2) {
            return;
        }
        if (status == 404) {
            throw new UpstreamException(UpstreamException.Kind.SESSION_GONE, "instance " + instance.id()
                    + " answered 404 to " + what + " (session unknown or expired)", null);
        }
        throw new UpstreamException(status >= 500 ? UpstreamException.Kind.SERVER_ERROR
                : UpstreamException.Kind.REJECTED, "instance " + instance.id() + " answered HTTP " + status + " to "
                + what, null);
    }

    /** Maps what ended an exchange early to the exception that says what happened. */
    public static UpstreamException endOf(Object item, InstanceRef instance, String what) {
        if (item == UpstreamExchange.TIMEOUT) {
            return new UpstreamException(UpstreamException.Kind.TIMEOUT, "instance " + instance.id()
                    + " did not answer " + what + " in time", null);
        }
        if (item instanceof UpstreamExchange.Failure f) {
            Throwable cause = f.cause();
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException || cause.getCause() instanceof ConnectException) {
                return new UpstreamException(UpstreamException.Kind.UNREACHABLE, "cannot connect to instance "
                        + instance.id() + " at " + instance.mcpUrl() + ": " + cause, cause);
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                return new UpstreamException(UpstreamException.Kind.TIMEOUT, "instance " + instance.id()
                        + " did not answer " + what + " in time", cause);
            }
            if (cause instanceof io.mcpfleet.router.sse.SseTooLargeException) {
                return new UpstreamException(UpstreamException.Kind.GARBAGE, "instance " + instance.id()
                        + " sent a message that is too large: " + cause.getMessage(), cause);
            }
            return new UpstreamException(UpstreamException.Kind.CLOSED, "connection to instance " + instance.id()
                    + " failed during " + what + ": " + cause, cause);
        }
        return new UpstreamException(UpstreamException.Kind.CLOSED, "instance " + instance.id()
                + " ended the stream before answering " + what, null);
    }

    /** Reads what is left of an answered exchange so the connection returns to the pool. */
    public static void drainQuietly(UpstreamExchange exchange) {
        exchange.finish();
    }
}
