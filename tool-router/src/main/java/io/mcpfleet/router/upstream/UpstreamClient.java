package io.mcpfleet.router.upstream;

import io.mcpfleet.router.discovery.InstanceRef;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.MalformedJsonException;
import io.mcpfleet.router.json.JsonRpc;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Speaks MCP to backend instances: opening sessions, relaying messages, small request/response
 * exchanges, and closing sessions, over an {@link UpstreamTransport} (HTTP: {@link HttpTransport},
 * whose POSTs go out and are answered on the calling thread, so a call costs no thread hand-offs).
 */
public class UpstreamClient {

    private static final Logger log = LoggerFactory.getLogger(UpstreamClient.class);
    static final String ACCEPT_BOTH = "application/json, text/event-stream";
    private static final byte[] INITIALIZED = JsonRpc.notification("notifications/initialized", null);

    private final UpstreamTransport transport;
    private final EnvelopeScanner scanner;
    private final JsonMapper json;
    private final AtomicLong ids = new AtomicLong();
    private final Executor background;
    /** Whether the instance at an MCP URL speaks 2026-07-28, as its {@code server/discover} said. */
    private final Map<String, Boolean> modernByUrl = new ConcurrentHashMap<>();
    /** A stream for instances that have none (2026-07-28: what the GET stream carried comes by subscriptions/listen). */
    private static final BackendStream NO_STREAM = new BackendStream() {
        @Override
        public CompletionStage<Void> answered() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            // nothing open
        }
    };

    /**
     * @param background runs best-effort posts ({@link #postLater})
     */
    public UpstreamClient(UpstreamTransport transport, EnvelopeScanner scanner, JsonMapper json, Executor background) {
        this.transport = transport;
        this.background = background;
        this.scanner = scanner;
        this.json = json;
    }

    /** Closes the transport's connections (the router is stopping). */
    public void shutdown() {
        transport.close();
    }

    /**
     * Opens a session: {@code initialize}, then {@code notifications/initialized}. An instance
     * that speaks 2026-07-28 (its {@code server/discover} says so; asked once per URL) gets no
     * session: the returned one carries what its requests present in {@code _meta} instead.
     *
     * @throws UpstreamException when the instance cannot be reached or refuses
     */
    public BackendSession open(String service, InstanceRef instance, InitParams init, Duration timeout) {
        if (speaksModern(service, instance, timeout)) {
            return new BackendSession(service, instance, null, ModernMessages.VERSION,
                    transport.authorization(instance), ModernMessages.metaMembers(init));
        }
        String id = idJson("fleet-init-" + ids.incrementAndGet());
        ObjectNode params = JsonRpc.object();
        params.put("protocolVersion", init.protocolVersion());
        params.putRawValue("capabilities", JsonRpc.raw(init.capabilities()));
        params.putRawValue("clientInfo", JsonRpc.raw(init.clientInfo()));
        byte[] body = JsonRpc.request(id, "initialize", params);
        long deadline = System.nanoTime() + timeout.toNanos();
        UpstreamExchange exchange = transport.post(instance, body);
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
        java.util.Set<String> declared = new java.util.HashSet<>();
        node.path("result").path("capabilities").propertyNames().forEach(declared::add);
        BackendSession session = new BackendSession(service, instance, sessionId, version,
                transport.authorization(instance), null, declared);
        post(session, INITIALIZED, timeout);
        return session;
    }

    /**
     * Prepares one message within a session and returns the exchange to read its answer from: the
     * message goes out with the first {@link UpstreamExchange#next(long)}, whose deadline bounds it.
     */
    public UpstreamExchange send(BackendSession session, byte[] message) {
        return send(session, message, null);
    }

    /**
     * The same for a request of a client that wants log messages at {@code logLevel} (or {@code null}):
     * a 2026-07-28 instance gets the level in the request's {@code _meta}
     * ({@code io.modelcontextprotocol/logLevel}); a 2025 session has it already ({@code logging/setLevel}).
     * The level is spliced in as it is: both ways in check it against the specification's levels
     * ({@code ModernGate} for {@code _meta}, {@code RouterMethods} for {@code logging/setLevel}).
     */
    public UpstreamExchange send(BackendSession session, byte[] message, String logLevel) {
        if (session.modern()) {
            byte[] adapted = modern(session, message, logLevel);
            return transport.post(session, adapted, ModernMessages.headers(adapted));
        }
        return transport.post(session, message);
    }

    /**
     * Prepares the same POST as {@link #send(BackendSession, byte[], String)} on a keep-alive channel of
     * the event loop {@code loop}, to be started there; {@code null} when that cannot be done without
     * waiting (the transport has no loop channels, the backend's address is being looked up).
     */
    public LoopExchange sendOnLoop(BackendSession session, byte[] message, String logLevel,
                                   io.netty.channel.EventLoop loop) {
        if (session.modern()) {
            byte[] adapted = modern(session, message, logLevel);
            return transport.postOnLoop(session, adapted, ModernMessages.headers(adapted), loop);
        }
        return transport.postOnLoop(session, message, "", loop);
    }

    /** A message as a 2026-07-28 instance gets it: the session's {@code _meta} members and the log level added. */
    private static byte[] modern(BackendSession session, byte[] message, String logLevel) {
        String meta = logLevel == null ? session.modernMeta()
                : session.modernMeta() + ",\"" + ModernMessages.META_LOG_LEVEL + "\":\"" + logLevel + "\"";
        return ModernMessages.withMeta(message, meta);
    }

    /**
     * The era probe the 2026-07-28 binding describes: a modern request ({@code server/discover});
     * a result naming 2026-07-28 is a modern server, anything else (a 4xx, an error, garbage) a
     * 2025 one. Remembered per URL once the instance answered; not when it could not be reached
     * (the {@code initialize} after it then says why).
     */
    private boolean speaksModern(String service, InstanceRef instance, Duration timeout) {
        String key = instance.mcpUrl().toString();
        Boolean known = modernByUrl.get(key);
        if (known != null) {
            return known;
        }
        BackendSession probe = new BackendSession(service, instance, null, ModernMessages.VERSION,
                transport.authorization(instance), ModernMessages.metaMembers(InitParams.router("{}")));
        boolean modern;
        try {
            JsonNode result = json.readTree(request(probe, "server/discover", null, timeout)).path("result");
            modern = false;
            for (JsonNode v : result.path("supportedVersions")) {
                modern |= ModernMessages.VERSION.equals(v.asString(""));
            }
        } catch (UpstreamException e) {
            if (e.kind() != UpstreamException.Kind.REJECTED && e.kind() != UpstreamException.Kind.SESSION_GONE
                    && e.kind() != UpstreamException.Kind.GARBAGE) {
                return false;
            }
            modern = false;
        } catch (RuntimeException e) {
            modern = false;
        }
        modernByUrl.put(key, modern);
        if (modern) {
            log.info("instance {} of service {} speaks MCP {}: no sessions, modern requests", instance.id(), service,
                    ModernMessages.VERSION);
        }
        return modern;
    }

    /**
     * Sends a request the router itself makes (e.g. {@code tools/list}) and returns the response
     * message, skipping notifications that arrive before it.
     */
    public byte[] request(BackendSession session, String method, JsonNode params, Duration timeout) {
        String id = idJson("fleet-" + ids.incrementAndGet());
        long deadline = System.nanoTime() + timeout.toNanos();
        UpstreamExchange exchange = send(session, JsonRpc.request(id, method, params));
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
        if (session.modern()) {
            // 2026-07-28 has no client notifications or responses for a server: a call is cancelled by
            // closing its stream, answers to the server come as the retry of a request.
            return;
        }
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
        postLater(session, message, timeout, () -> { });
    }

    /** The same, running {@code then} once the post is done, whether it went through or failed. */
    public void postLater(BackendSession session, byte[] message, Duration timeout, Runnable then) {
        background.execute(() -> {
            try {
                post(session, message, timeout);
            } catch (UpstreamException e) {
                log.debug("best-effort message to {} failed: {}", session, e.getMessage());
            } finally {
                then.run();
            }
        });
    }

    /** Ends the session at the instance ({@code DELETE}), in the background. */
    public void close(BackendSession session) {
        session.markClosed();
        if (session.sessionId() != null) {
            transport.delete(session);
        }
    }

    /** Opens the session's GET stream; each message is handed to {@code sink} on a transport thread. */
    public BackendStream listen(BackendSession session, BackendStream.Sink sink) {
        if (session.modern()) {
            return NO_STREAM;
        }
        return transport.listen(session, sink);
    }

    /**
     * Opens a 2026-07-28 instance's {@code subscriptions/listen} stream with {@code filter} (its
     * {@code notifications} object: {@code toolsListChanged}, {@code resourceSubscriptions}, ...):
     * what the server sends on it, its acknowledgment first, reaches {@code sink}.
     *
     * @throws IllegalArgumentException for a 2025 session (its notifications come on {@link #listen})
     */
    public BackendStream subscribe(BackendSession session, JsonNode filter, BackendStream.Sink sink) {
        if (!session.modern()) {
            throw new IllegalArgumentException(session + " is a 2025 session: it has a GET stream, not subscriptions");
        }
        ObjectNode params = JsonRpc.object();
        params.set("notifications", filter);
        byte[] request = JsonRpc.request(idJson("fleet-listen-" + ids.incrementAndGet()), "subscriptions/listen",
                params);
        return transport.subscribe(session, ModernMessages.withMeta(request, session.modernMeta()), sink);
    }

    /** An id of the router's own requests as JSON: a string of letters, digits and dashes, nothing to escape. */
    private static String idJson(String id) {
        return '"' + id + '"';
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
}
