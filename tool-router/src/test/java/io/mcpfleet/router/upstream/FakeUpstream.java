package io.mcpfleet.router.upstream;

import io.mcpfleet.router.discovery.InstanceRef;
import io.mcpfleet.router.json.EnvelopeScanner;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP servers in memory behind the {@link UpstreamTransport} seam, for unit tests of the routing
 * core: each instance (by id, the host of its URL) opens sessions itself ({@code initialize} gets a
 * new {@code Mcp-Session-Id}), answers what a test scripts for the other requests, and records
 * every message, DELETE and GET stream. Nothing goes over the network.
 */
public final class FakeUpstream implements UpstreamTransport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Instance> instances = new ConcurrentHashMap<>();

    /** A client over this transport, as the router builds it (best-effort posts run at once). */
    public UpstreamClient client() {
        Executor now = Runnable::run;
        return new UpstreamClient(this, new EnvelopeScanner(64), JSON, now);
    }

    /** The instance behind URLs whose host is {@code id}, made on first use. */
    public Instance instance(String id) {
        return instances.computeIfAbsent(id, Instance::new);
    }

    /** The URL an instance is reached at (its id is the host). */
    public static String endpoint(String id) {
        return "http://" + id + ":8000";
    }

    /** One scripted MCP server. */
    public static final class Instance {
        private final String id;
        private final Set<String> sessions = ConcurrentHashMap.newKeySet();
        private final AtomicInteger opened = new AtomicInteger();
        private final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final List<JsonNode> initialized = new CopyOnWriteArrayList<>();
        private final List<String> deleted = new CopyOnWriteArrayList<>();
        private final List<FakeStream> streams = new CopyOnWriteArrayList<>();
        private volatile Function<JsonNode, List<Object>> requests;
        private volatile boolean unreachable;

        private Instance(String id) {
            this.id = id;
            this.requests = request -> answer(result(request, "{\"content\":[{\"type\":\"text\",\"text\":\"" + id
                    + "\"}]}"));
        }

        /** How the instance answers requests other than {@code initialize}: the items of each exchange. */
        public Instance answering(Function<JsonNode, List<Object>> script) {
            this.requests = script;
            return this;
        }

        /** Nothing listens there: every exchange fails to connect. */
        public Instance unreachable(boolean value) {
            this.unreachable = value;
            return this;
        }

        /** The server restarted: it no longer knows the sessions it gave out (404 for them). */
        public void forgetSessions() {
            sessions.clear();
        }

        /** Every message sent to it other than {@code initialize}, in order. */
        public List<JsonNode> received() {
            return received;
        }

        /** The messages of one method. */
        public List<JsonNode> received(String method) {
            return received.stream().filter(m -> method.equals(m.path("method").asString(null))).toList();
        }

        /** The {@code initialize} requests it answered. */
        public List<JsonNode> initialized() {
            return initialized;
        }

        /** The session ids clients ended with DELETE. */
        public List<String> deleted() {
            return deleted;
        }

        public List<FakeStream> streams() {
            return streams;
        }

        private Queue<Object> exchange(String sessionId, byte[] message) {
            if (unreachable) {
                return items(new UpstreamExchange.Failure(new ConnectException("Connection refused (fake)")));
            }
            JsonNode request = JSON.readTree(message);
            if ("initialize".equals(request.path("method").asString(null))) {
                String session = "s-" + id + "-" + opened.incrementAndGet();
                sessions.add(session);
                initialized.add(request);
                return items(new UpstreamExchange.Head(200, false, session), message(result(request,
                        "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},\"serverInfo\":"
                        + "{\"name\":\"fake\",\"version\":\"1\"}}")), UpstreamExchange.END);
            }
            if (sessionId != null && !sessions.contains(sessionId)) {
                return items(new UpstreamExchange.Head(404, false, null), UpstreamExchange.END);
            }
            received.add(request);
            if (!request.has("id") || request.has("result") || request.has("error")) {
                return items(new UpstreamExchange.Head(202, false, null), UpstreamExchange.END);
            }
            return new ArrayDeque<>(requests.apply(request));
        }
    }

    /** A GET stream the router opened; a test sends on it. */
    public static final class FakeStream implements BackendStream {
        private final BackendSession session;
        private final BackendStream.Sink sink;
        private volatile boolean closed;

        FakeStream(BackendSession session, BackendStream.Sink sink) {
            this.session = session;
            this.sink = sink;
        }

        /** The server sends a message outside any call. */
        public void send(String json) {
            if (!closed) {
                sink.message(session, json.getBytes(StandardCharsets.UTF_8));
            }
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public CompletionStage<Void> answered() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A JSON answer: head, the message, end. */
    public static List<Object> answer(String json) {
        return List.of(new UpstreamExchange.Head(200, false, null), message(json), UpstreamExchange.END);
    }

    /** An SSE answer: head, each message as an event, end. */
    public static List<Object> stream(String... json) {
        List<Object> items = new ArrayList<>();
        items.add(new UpstreamExchange.Head(200, true, null));
        for (String m : json) {
            items.add(message(m));
        }
        items.add(UpstreamExchange.END);
        return items;
    }

    /** An HTTP error status with no body. */
    public static List<Object> status(int status) {
        return List.of(new UpstreamExchange.Head(status, false, null), UpstreamExchange.END);
    }

    /** The response to {@code request} with the given result (raw JSON), under the request's own id. */
    public static String result(JsonNode request, String resultJson) {
        ObjectNode response = JSON.createObjectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        response.set("result", JSON.readTree(resultJson));
        return JSON.writeValueAsString(response);
    }

    public static UpstreamExchange.Message message(String json) {
        return new UpstreamExchange.Message(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public UpstreamExchange post(InstanceRef instance, byte[] message) {
        return new FakeExchange(() -> instance(instance.mcpUrl().getHost()).exchange(null, message));
    }

    @Override
    public UpstreamExchange post(BackendSession session, byte[] message) {
        return new FakeExchange(() -> instance(session.instance().mcpUrl().getHost())
                .exchange(session.sessionId(), message));
    }

    @Override
    public BackendStream listen(BackendSession session, BackendStream.Sink sink) {
        FakeStream stream = new FakeStream(session, sink);
        instance(session.instance().mcpUrl().getHost()).streams.add(stream);
        return stream;
    }

    @Override
    public void delete(BackendSession session) {
        instance(session.instance().mcpUrl().getHost()).deleted.add(session.sessionId());
    }

    @Override
    public void close() {
        // nothing to close
    }

    private static Queue<Object> items(Object... items) {
        return new ArrayDeque<>(List.of(items));
    }

    /** An exchange whose items are made when its message "goes out" (the first next()). */
    private static final class FakeExchange implements UpstreamExchange {
        private final java.util.function.Supplier<Queue<Object>> send;
        private Queue<Object> items;
        private volatile boolean aborted;

        FakeExchange(java.util.function.Supplier<Queue<Object>> send) {
            this.send = send;
        }

        @Override
        public Object next(long deadlineNanos) {
            if (aborted) {
                return ABORTED;
            }
            if (items == null) {
                items = send.get();
            }
            Object item = items.poll();
            return item == null ? END : item;
        }

        @Override
        public void finish() {
            items = new ArrayDeque<>();
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
