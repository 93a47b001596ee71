package io.mcpfleet.router.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small MCP server (2025-11-25, sessions) over real HTTP on 127.0.0.1, whose tools answer the
 * ways a backend may: {@code echo} a JSON body naming the instance (Content-Length),
 * {@code chunked} the same chunked, {@code progress} an SSE stream with a progress notification
 * before the result, {@code slow} after three seconds; every call answers HTTP 500 while
 * {@link #failing}. It records the calls, the connections they came on, and notifications.
 */
public final class LocalMcpServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String id;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger initializations = new AtomicInteger();
    /** The tools/call messages received. */
    public final List<JsonNode> calls = new CopyOnWriteArrayList<>();
    /** The client port of the connection each tools/call came on. */
    public final List<Integer> callPorts = new CopyOnWriteArrayList<>();
    /** The notifications received (method names). */
    public final List<String> notifications = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    public LocalMcpServer(String id) throws IOException {
        this.id = id;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/mcp", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The endpoint the manager would give (the MCP path is {@code /mcp}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String id() {
        return id;
    }

    public int initializations() {
        return initializations.get();
    }

    /** Forgets every session, as a restarted server does: calls in them get 404. */
    public void forgetSessions() {
        sessions.clear();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            JsonNode message = JSON.readTree(x.getRequestBody().readAllBytes());
            String method = message.path("method").asString("");
            String idJson = message.has("id") ? message.get("id").toString() : null;
            if (method.equals("initialize")) {
                String session = UUID.randomUUID().toString();
                sessions.add(session);
                initializations.incrementAndGet();
                x.getResponseHeaders().add("Mcp-Session-Id", session);
                json(x, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"result\":{\"protocolVersion\":\"2025-11-25\","
                        + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"" + id + "\",\"version\":\"1\"}}}", false);
                return;
            }
            if (method.equals("server/discover")) {
                json(x, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"error\":{\"code\":-32601,\"message\":\"no\"}}",
                        false);
                return;
            }
            if (!sessions.contains(x.getRequestHeaders().getFirst("Mcp-Session-Id"))) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            if (idJson == null) {
                notifications.add(method);
                x.sendResponseHeaders(202, -1);
                return;
            }
            calls.add(message);
            callPorts.add(x.getRemoteAddress().getPort());
            if (failing) {
                x.sendResponseHeaders(500, -1);
                return;
            }
            String result = "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"result\":{\"content\":[{\"type\":\"text\","
                    + "\"text\":\"" + id + "\"}],\"isError\":false}}";
            switch (message.path("params").path("name").asString("")) {
                case "chunked" -> json(x, 200, result, true);
                case "progress" -> {
                    x.getResponseHeaders().add("Content-Type", "text/event-stream");
                    x.sendResponseHeaders(200, 0);
                    OutputStream out = x.getResponseBody();
                    String token = message.path("params").path("_meta").path("progressToken").toString();
                    out.write(("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                            + "\"params\":{\"progressToken\":" + token + ",\"progress\":1}}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    out.write(("event: message\ndata: " + result + "\n\n").getBytes(StandardCharsets.UTF_8));
                }
                case "slow" -> {
                    Thread.sleep(3000);
                    json(x, 200, result, false);
                }
                default -> json(x, 200, result, false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void json(HttpExchange x, int status, String body, boolean chunked) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        x.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
