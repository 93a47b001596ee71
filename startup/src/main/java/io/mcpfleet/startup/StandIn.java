package io.mcpfleet.startup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the applications talk to at start-up, for a training run that must touch nothing real: the
 * Docker Engine API for the manager (an engine with no containers) and the manager's API for the
 * router (a fleet with no services). Event streams stay open and silent until {@link #close()}.
 * Only the start-up requests of an empty fleet are answered; anything else is a 404.
 */
final class StandIn implements AutoCloseable {

    private static final byte[] EMPTY_LIST = bytes("[]");
    private static final byte[] ENGINE_INFO = bytes(
            "{\"ID\":\"training\",\"Name\":\"training\",\"NCPU\":2,\"MemTotal\":8589934592,\"ServerVersion\":\"20.10.0\"}");
    private static final byte[] ENGINE_VERSION = bytes("{\"Version\":\"20.10.0\",\"ApiVersion\":\"1.41\"}");
    private static final byte[] NOT_FOUND = bytes("{\"message\":\"not served by the training stand-in\"}");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "training-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch closed = new CountDownLatch(1);

    private StandIn(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free port of 127.0.0.1. */
    static StandIn start() {
        try {
            StandIn standIn = new StandIn(HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
            standIn.server.createContext("/", standIn::handle);
            standIn.server.setExecutor(standIn.threads);
            standIn.server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the training stand-in", e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code tcp://127.0.0.1:<port>}, as {@code DOCKER_HOST} */
    String dockerHost() {
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.endsWith("/events")) {
                stream(exchange);
            } else if (path.endsWith("/_ping")) {
                answer(exchange, 200, "text/plain", bytes("OK"));
            } else if (path.endsWith("/info")) {
                answer(exchange, 200, "application/json", ENGINE_INFO);
            } else if (path.endsWith("/version")) {
                answer(exchange, 200, "application/json", ENGINE_VERSION);
            } else if (path.endsWith("/containers/json") || path.equals("/services")
                    || path.equals("/services/health")) {
                answer(exchange, 200, "application/json", EMPTY_LIST);
            } else if (method.equals("POST") && path.equals("/activity")) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                answer(exchange, 404, "application/json", NOT_FOUND);
            }
        }
    }

    /** An open, silent event stream (the engine's, or the manager's SSE), ended by {@link #close()}. */
    private void stream(HttpExchange exchange) throws IOException {
        boolean sse = String.valueOf(exchange.getRequestHeaders().getFirst("Accept")).contains("text/event-stream");
        exchange.getResponseHeaders().set("Content-Type", sse ? "text/event-stream" : "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        body.flush();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
