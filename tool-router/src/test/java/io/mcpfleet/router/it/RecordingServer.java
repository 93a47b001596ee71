package io.mcpfleet.router.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A minimal stateless MCP backend that records every message it receives. Its one tool,
 * {@code wait}, opens an SSE answer and sends nothing until a {@code notifications/cancelled}
 * arrives: the test sees exactly what the router forwarded, and under which id.
 */
final class RecordingServer implements AutoCloseable {

    final List<String> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final CountDownLatch cancelled = new CountDownLatch(1);

    private RecordingServer(HttpServer server) {
        this.server = server;
    }

    static RecordingServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            RecordingServer recorder = new RecordingServer(server);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/mcp", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                recorder.received.add(body);
                String id = body.replaceAll(".*\"id\":(\"[^\"]*\"|\\d+).*", "$1");
                if (body.contains("\"initialize\"")) {
                    json(exchange, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"protocolVersion\":\"2025-06-18\","
                            + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"recorder\",\"version\":\"1\"}}}");
                } else if (body.contains("\"tools/list\"")) {
                    json(exchange, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"tools\":[{\"name\":\"wait\","
                            + "\"inputSchema\":{\"type\":\"object\"}}]}}");
                } else if (body.contains("\"tools/call\"")) {
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().flush();
                    try {
                        recorder.cancelled.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                } else {
                    if (body.contains("notifications/cancelled")) {
                        recorder.cancelled.countDown();
                    }
                    exchange.sendResponseHeaders(202, -1);
                    exchange.close();
                }
            });
            server.start();
            return recorder;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the recording server", e);
        }
    }

    private static void json(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
