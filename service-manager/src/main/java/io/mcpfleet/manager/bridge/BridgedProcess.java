package io.mcpfleet.manager.bridge;

import io.mcpfleet.config.StdioSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One attached stdio process and the client sessions it serves. The bridge initializes the
 * server once; each session's {@code initialize} is answered from that result. Requests of all
 * sessions share the process's stdin under the bridge's own ids (and progress tokens), so that they
 * never collide; {@link CallTable} maps every response, progress notification and cancellation
 * back. The process's output arrives through {@link ProcessOutput}, on the attachment's thread.
 */
final class BridgedProcess {

    /** The revision the bridge asks for; the server answers with its own if it does not speak it. */
    static final String PROTOCOL_VERSION = "2025-11-25";
    /** The revision without initialize or sessions, passed through when the server speaks it. */
    static final String MODERN_VERSION = "2026-07-28";
    private static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
    /** How long the era probe waits: a 2025 server may not answer a request before initialize at all. */
    static final Duration ERA_PROBE_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(BridgedProcess.class);
    private static final byte[] NEWLINE = {'\n'};

    private final String service;
    private final String instance;
    private final CallTable calls;
    private final StdioSettings limits;
    private final Clock clock;
    private final Map<String, BridgeSession> sessions = new ConcurrentHashMap<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final Object initLock = new Object();
    private CompletableFuture<ObjectNode> init;
    private CompletableFuture<Boolean> era;
    private volatile ContainerPipes.Pipe pipe;

    BridgedProcess(String service, String instance, StdioSettings limits, Clock clock) {
        this.service = service;
        this.instance = instance;
        this.calls = new CallTable(limits.maxInFlight());
        this.limits = limits;
        this.clock = clock;
    }

    String service() {
        return service;
    }

    String instance() {
        return instance;
    }

    StdioSettings limits() {
        return limits;
    }

    /** Shows every open GET stream that it is alive. */
    void keepStreamsAlive() {
        sessions.values().forEach(s -> {
            Caller stream = s.stream();
            if (stream != null) {
                stream.keepAlive();
            }
        });
    }

    void attached(ContainerPipes.Pipe attachment) {
        this.pipe = attachment;
        if (ended.isDone()) {
            attachment.close();
        }
    }

    // ---- the bridge's own requests

    /**
     * Initializes the server, once per process (again only after it refused): the future completes
     * with its {@code initialize} result, or fails when it refuses or the process ends.
     */
    CompletableFuture<ObjectNode> initialize() {
        CompletableFuture<ObjectNode> result;
        synchronized (initLock) {
            if (init != null && !(init.isCompletedExceptionally() && !ended.isDone())) {
                return init;
            }
            result = new CompletableFuture<>();
            init = result;
        }
        // The era probe comes first: a 2026-07-28 server has no initialize.
        modern().whenComplete((modern, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else if (modern) {
                result.completeExceptionally(new BridgeException("service " + service + " instance "
                        + StderrLog.shortId(instance) + " speaks MCP " + MODERN_VERSION + " only: it has no initialize "
                        + "(send 2026-07-28 requests, without a session)"));
            } else {
                handshake(result);
            }
        });
        return result;
    }

    /**
     * Whether the server speaks MCP 2026-07-28: the stdio binding's era probe, a {@code server/discover}
     * before any other request. A result naming 2026-07-28 makes it modern; any other answer, or none
     * within {@link #ERA_PROBE_WAIT}, a 2025 server. Asked once per process (again after the process
     * could not be asked).
     */
    CompletableFuture<Boolean> modern() {
        CompletableFuture<Boolean> result;
        synchronized (initLock) {
            if (era != null && !(era.isCompletedExceptionally() && !ended.isDone())) {
                return era;
            }
            result = new CompletableFuture<>();
            era = result;
        }
        FutureCaller answer = new FutureCaller();
        PendingCall call = own("server/discover", discoverParams(), answer);
        answer.response.orTimeout(ERA_PROBE_WAIT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, error) -> {
            if (error != null && ended.isDone()) {
                result.completeExceptionally(error);
                return;
            }
            if (error != null && call != null) {
                calls.drop(call);
            }
            boolean speaks = false;
            for (JsonNode v : r == null ? Messages.JSON.createArrayNode() : r.path("result").path("supportedVersions")) {
                speaks |= MODERN_VERSION.equals(v.asString(""));
            }
            if (speaks) {
                LOG.info("service {} instance {}: speaks MCP {} (no initialize, no sessions)", service,
                        StderrLog.shortId(instance), MODERN_VERSION);
            }
            result.complete(speaks);
        });
        return result;
    }

    private void handshake(CompletableFuture<ObjectNode> result) {
        ObjectNode params = Messages.JSON.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
        // What the bridge can route: a request of the server goes to the caller of the one call in
        // flight. Not roots: one process serves every client, and the roots of one (server-filesystem
        // makes them its allowed directories) would become every client's.
        params.putObject("capabilities").<ObjectNode>set("sampling", Messages.JSON.createObjectNode())
                .set("elicitation", Messages.JSON.createObjectNode());
        params.putObject("clientInfo").put("name", "mcp-fleet-bridge").put("version", "1");
        own("initialize", params).whenComplete((answer, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else if (!(answer.get("result") instanceof ObjectNode initialized)) {
                result.completeExceptionally(new BridgeException("service " + service + " instance "
                        + StderrLog.shortId(instance) + " refused initialize: " + answer.path("error")));
            } else {
                send(Messages.notification("notifications/initialized", null));
                LOG.info("service {} instance {}: initialized {} {} (protocol {})", service, StderrLog.shortId(instance),
                        initialized.path("serverInfo").path("name").asString("?"),
                        initialized.path("serverInfo").path("version").asString(""),
                        initialized.path("protocolVersion").asString("?"));
                result.complete(initialized);
            }
        });
    }

    /** The server's {@code initialize} result, once it has one. */
    Optional<ObjectNode> initialized() {
        synchronized (initLock) {
            return init != null && init.isDone() && !init.isCompletedExceptionally()
                    ? Optional.of(init.join()) : Optional.empty();
        }
    }

    /**
     * An MCP {@code ping}: completes when the server answers it (with anything), fails after
     * {@code timeout} (and the bridge stops waiting for the answer).
     */
    CompletableFuture<ObjectNode> ping(Duration timeout) {
        return ownWithin("ping", null, timeout);
    }

    /** A {@code server/discover}, the health probe of a 2026-07-28 server (it has no {@code ping}). */
    CompletableFuture<ObjectNode> discover(Duration timeout) {
        return ownWithin("server/discover", discoverParams(), timeout);
    }

    private static ObjectNode discoverParams() {
        ObjectNode params = Messages.JSON.createObjectNode();
        ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", MODERN_VERSION);
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "mcp-fleet-bridge").put("version", "1");
        return params;
    }

    private CompletableFuture<ObjectNode> ownWithin(String method, JsonNode params, Duration timeout) {
        FutureCaller answer = new FutureCaller();
        PendingCall call = own(method, params, answer);
        return answer.response.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, error) -> {
            if (error != null && call != null) {
                calls.drop(call);
            }
        });
    }

    private CompletableFuture<ObjectNode> own(String method, JsonNode params) {
        FutureCaller answer = new FutureCaller();
        own(method, params, answer);
        return answer.response;
    }

    /** Sends one of the bridge's own requests; the answer completes {@code answer}. */
    private PendingCall own(String method, JsonNode params, FutureCaller answer) {
        CallTable.Registered registered = calls.register(null, null, null, answer);
        if (registered.call() == null) {
            answer.response.completeExceptionally(new BridgeException(endedMessage()));
            return null;
        }
        if (!send(Messages.request(registered.call().id(), method, params)) && calls.drop(registered.call())) {
            answer.response.completeExceptionally(new BridgeException(endedMessage()));
        }
        return registered.call();
    }

    // ---- sessions

    /** A new session; the caller answers its {@code initialize} from {@link #initialized()}. */
    BridgeSession openSession() {
        BridgeSession session = new BridgeSession(clock.millis());
        sessions.put(session.id, session);
        if (ended.isDone()) {
            sessions.remove(session.id);
            session.close();
        }
        return session;
    }

    Optional<BridgeSession> session(String id) {
        return Optional.ofNullable(id == null ? null : sessions.get(id));
    }

    int sessionCount() {
        return sessions.size();
    }

    /** Ends a session: its calls are cancelled at the server, its stream ends. */
    void closeSession(BridgeSession session, String why) {
        if (sessions.remove(session.id) == null) {
            return;
        }
        session.close();
        for (PendingCall call : calls.endSession(session)) {
            sendCancelled(call.id(), why);
            call.caller().end();
        }
        Caller stream = session.replaceStream(null);
        if (stream != null) {
            stream.end();
        }
    }

    /** Ends the sessions with nothing in flight, no stream and no request since {@code sinceMillis}. */
    void expireSessions(long sinceMillis) {
        sessions.values().stream().filter(s -> s.idleSince(sinceMillis)).toList()
                .forEach(s -> closeSession(s, "the session expired"));
    }

    /** The session's GET stream: notifications that belong to no call go there; a newer stream replaces it. */
    void openStream(BridgeSession session, Caller stream) {
        Caller old = session.replaceStream(stream);
        if (old != null) {
            old.end();
        }
        if (session.closed() || ended.isDone()) {
            session.dropStream(stream);
            stream.end();
        }
    }

    /** Ends every session's GET stream (sessions and calls stay): the manager is stopping. */
    void endStreams() {
        sessions.values().forEach(s -> {
            Caller stream = s.replaceStream(null);
            if (stream != null) {
                stream.end();
            }
        });
    }

    void streamEnded(BridgeSession session, Caller stream) {
        session.dropStream(stream);
    }

    // ---- what clients send

    /** A client's request: sent on under the bridge's id; its answer, and what comes before it, go to {@code caller}. */
    void request(BridgeSession session, ObjectNode message, Caller caller) {
        JsonNode clientId = message.get("id");
        session.used(clock.millis());
        String method = Messages.method(message);
        if (method.equals("ping")) {
            caller.deliver(Messages.response(clientId, Messages.JSON.createObjectNode()), true);
            return;
        }
        if (method.equals("initialize")) {
            caller.deliver(initialized().map(result -> Messages.response(clientId, result))
                    .orElseGet(() -> streamClosed(clientId)), true);
            return;
        }
        forward(session, clientId, message, caller);
    }

    /**
     * A 2026-07-28 request, passed on as it is (its {@code _meta} names its version and capabilities),
     * under the bridge's id like any call; it belongs to no session (a one-request one carries its
     * cancellation when its client goes away).
     */
    void modernRequest(BridgeSession oneRequest, ObjectNode message, Caller caller) {
        forward(oneRequest, message.get("id"), message, caller);
    }

    /** The session of one 2026-07-28 request: never listed, so never expired or found by id. */
    BridgeSession oneRequestSession() {
        return new BridgeSession(clock.millis());
    }

    private void forward(BridgeSession session, JsonNode clientId, ObjectNode message, Caller caller) {
        JsonNode meta = message.path("params").path("_meta");
        JsonNode token = meta.get("progressToken");
        token = token != null && token.isValueNode() && !token.isNull() ? token : null;
        CallTable.Registered registered = calls.register(session, clientId, token, caller);
        switch (registered.refusal()) {
            case FULL -> caller.deliver(Messages.error(clientId, Messages.QUEUE_FULL, "service " + service + ": "
                    + calls.clientCalls() + " calls are in flight on instance " + StderrLog.shortId(instance)
                    + ", the most its stdio.max_in_flight allows", "queue_full", true, service), true);
            case ENDED -> caller.deliver(streamClosed(clientId), true);
            case NONE -> {
                PendingCall call = registered.call();
                message.put("id", call.id());
                if (call.bridgeToken() != null) {
                    ((ObjectNode) meta).put("progressToken", call.bridgeToken());
                }
                if (!send(message) && calls.drop(call)) {
                    caller.deliver(streamClosed(clientId), true);
                }
            }
        }
    }

    /** The client of a call went away (or read too slowly): the call is cancelled at the server. */
    void callerGone(BridgeSession session, JsonNode clientId) {
        PendingCall call = calls.cancel(session, clientId);
        if (call != null) {
            sendCancelled(call.id(), "the client went away");
        }
    }

    /** A client's notification: cancellations are mapped to the bridge's id, {@code initialized} is the bridge's own. */
    void notification(BridgeSession session, ObjectNode message) {
        session.used(clock.millis());
        switch (Messages.method(message)) {
            case "notifications/initialized" -> {
                // The bridge initialized the server once, for every session.
            }
            case "notifications/cancelled" -> {
                JsonNode requestId = message.path("params").get("requestId");
                PendingCall call = requestId == null ? null : calls.cancel(session, requestId);
                if (call != null) {
                    ((ObjectNode) message.get("params")).put("requestId", call.id());
                    send(message);
                    call.caller().end();
                }
            }
            default -> send(message);
        }
    }

    /** A client's answer to a request of the server: sent on, if the server asked this session. */
    void response(BridgeSession session, ObjectNode message) {
        session.used(clock.millis());
        if (calls.answered(Messages.key(message.get("id")), session) != null) {
            send(message);
        } else {
            LOG.debug("service {}: dropped an answer to a request the server did not send to this session", service);
        }
    }

    // ---- what the server sends

    /** Routes one message of the server; {@code false} when it is not a JSON-RPC message at all. */
    boolean fromServer(ObjectNode message) {
        switch (Messages.kind(message)) {
            case RESPONSE -> answer(message);
            case REQUEST -> serverRequest(message);
            case NOTIFICATION -> serverNotification(message);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void answer(ObjectNode message) {
        JsonNode id = message.get("id");
        PendingCall call = id.isIntegralNumber() ? calls.complete(id.asLong()) : null;
        if (call == null) {
            // A cancelled call's late answer, or an id the bridge never sent.
            LOG.debug("service {}: dropped a response to id {} that no call waits for", service, id);
            return;
        }
        message.set("id", call.clientId());
        if (message.path("result").path("_meta").get(SUBSCRIPTION_ID) != null) {
            ((ObjectNode) message.path("result").path("_meta")).set(SUBSCRIPTION_ID, call.clientId());
        }
        call.caller().deliver(message, true);
    }

    /**
     * A 2026-07-28 subscription's notification (its {@code _meta} names the {@code subscriptions/listen}
     * request by the bridge's id) goes to that request's stream, under the client's id.
     */
    private boolean toSubscription(ObjectNode message, JsonNode meta) {
        JsonNode subscription = meta.get(SUBSCRIPTION_ID);
        PendingCall call = subscription != null && subscription.isIntegralNumber()
                ? calls.inFlight(subscription.asLong()) : null;
        if (call == null || !call.fromClient()) {
            return false;
        }
        ((ObjectNode) meta).set(SUBSCRIPTION_ID, call.clientId());
        deliver(call, message);
        return true;
    }

    private void serverRequest(ObjectNode message) {
        JsonNode id = message.get("id");
        String method = Messages.method(message);
        if (method.equals("ping")) {
            send(Messages.response(id, Messages.JSON.createObjectNode()));
            return;
        }
        PendingCall only = calls.onlyClientCall();
        if (only != null) {
            calls.forwarded(Messages.key(id), only);
            if (deliver(only, message)) {
                return;
            }
        }
        int inFlight = calls.clientCalls();
        send(Messages.error(id, -32601, "mcp-fleet's bridge sends " + method + " to the caller of the one call in"
                + " flight, and " + inFlight + " calls are in flight", null, false, null));
    }

    private void serverNotification(ObjectNode message) {
        JsonNode params = message.path("params");
        if (toSubscription(message, params.path("_meta"))) {
            return;
        }
        switch (Messages.method(message)) {
            case "notifications/progress" -> {
                PendingCall call = calls.byProgressToken(params.path("progressToken").asString(""));
                if (call != null) {
                    ((ObjectNode) params).set("progressToken", call.clientToken());
                    deliver(call, message);
                }
            }
            case "notifications/cancelled" -> {
                JsonNode requestId = params.get("requestId");
                PendingCall to = requestId == null ? null : calls.forwardedTo(Messages.key(requestId));
                if (to != null) {
                    deliver(to, message);
                }
            }
            case "notifications/message" -> {
                PendingCall only = calls.onlyClientCall();
                if (only == null || !deliver(only, message)) {
                    broadcast(message);
                }
            }
            default -> broadcast(message);
        }
    }

    /** To every open GET stream: list_changed and what else belongs to no call. */
    private void broadcast(ObjectNode message) {
        for (BridgeSession session : sessions.values()) {
            Caller stream = session.stream();
            if (stream != null && !stream.deliver(message, false)) {
                session.dropStream(stream);
                stream.end();
            }
        }
    }

    /** A message before the response; a caller that cannot take it loses its call (cancelled at the server). */
    private boolean deliver(PendingCall call, ObjectNode message) {
        if (call.caller().deliver(message, false)) {
            return true;
        }
        if (calls.drop(call)) {
            sendCancelled(call.id(), "the caller reads too slowly");
        }
        call.caller().end();
        return false;
    }

    // ---- the end

    /** Ends the process's bridge: calls in flight fail with a retryable error, sessions and streams end. */
    void end(String reason) {
        if (!ended.complete(reason)) {
            return;
        }
        List<PendingCall> waiting = calls.end();
        for (PendingCall call : waiting) {
            if (call.fromClient()) {
                call.caller().deliver(streamClosed(call.clientId()), true);
            } else {
                call.caller().end();
            }
        }
        for (BridgeSession session : List.copyOf(sessions.values())) {
            sessions.remove(session.id);
            session.close();
            Caller stream = session.replaceStream(null);
            if (stream != null) {
                stream.end();
            }
        }
        ContainerPipes.Pipe p = pipe;
        if (p != null) {
            p.close();
        }
        long failed = waiting.stream().filter(PendingCall::fromClient).count();
        if (failed > 0) {
            LOG.warn("service {} instance {}: {}; {} calls in flight failed (retryable)", service,
                    StderrLog.shortId(instance), reason, failed);
        } else {
            LOG.info("service {} instance {}: {}", service, StderrLog.shortId(instance), reason);
        }
    }

    boolean ended() {
        return ended.isDone();
    }

    String endedMessage() {
        return "service " + service + ": the stdio process of instance " + StderrLog.shortId(instance)
                + " ended before answering (" + ended.getNow("no attachment") + ")";
    }

    private ObjectNode streamClosed(JsonNode clientId) {
        return Messages.error(clientId, Messages.STREAM_CLOSED, endedMessage(), "stream_closed", true, service);
    }

    private void sendCancelled(long id, String why) {
        ObjectNode params = Messages.JSON.createObjectNode().put("requestId", id).put("reason", why);
        send(Messages.notification("notifications/cancelled", params));
    }

    /** Writes one message as one line; {@code false} when the process can no longer be written to. */
    private boolean send(ObjectNode message) {
        ContainerPipes.Pipe p = pipe;
        if (p == null || ended.isDone()) {
            return false;
        }
        byte[] json = Messages.bytes(message);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = NEWLINE[0];
        try {
            p.write(line);
            return true;
        } catch (IOException e) {
            LOG.warn("service {} instance {}: cannot write to the process: {}", service, StderrLog.shortId(instance),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public String toString() {
        return "stdio process of " + service + " (" + StderrLog.shortId(instance) + ")";
    }

    static String preview(byte[] line, int length) {
        String text = new String(line, 0, Math.min(length, 120), StandardCharsets.UTF_8);
        return text.replaceAll("\\p{Cntrl}", "?") + (length > 120 ? "..." : "");
    }
}
