package io.mcpfleet.router.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A backend that speaks HTTP but not MCP: it accepts initialize, then answers every tools/call
 * with bytes that are not JSON. For the "backend garbage" answer.
 */
final class GarbageServer implements AutoCloseable {

    private final HttpServer server;

    private GarbageServer(HttpServer server) {
        this.server = server;
    }

    static GarbageServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/mcp", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                byte[] answer;
                if (body.contains("\"initialize\"")) {
                    String id = body.replaceAll(".*\"id\":(\"[^\"]*\"|\\d+).*", "$1");
                    answer = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"protocolVersion\":\"2025-06-18\","
                            + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"garbage\",\"version\":\"1\"}}}")
                            .getBytes(StandardCharsets.UTF_8);
                } else if (body.contains("\"tools/list\"")) {
                    String id = body.replaceAll(".*\"id\":(\"[^\"]*\"|\\d+).*", "$1");
                    answer = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"tools\":[{\"name\":\"noise\","
                            + "\"inputSchema\":{\"type\":\"object\"}}]}}").getBytes(StandardCharsets.UTF_8);
                } else if (body.contains("\"method\":\"notifications/")) {
                    exchange.sendResponseHeaders(202, -1);
                    exchange.close();
                    return;
                } else {
                    answer = "<html>this is not JSON</html>".getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            server.start();
            return new GarbageServer(server);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the garbage server", e);
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
