package io.mcpfleet.manager.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mcpfleet.config.HealthCheck;
import io.mcpfleet.config.HealthCheckType;
import io.mcpfleet.manager.lifecycle.ProbeTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probes against real (tiny) HTTP servers on 127.0.0.1, one per kind of answer. */
class ProberTest {

    private static final String RESULT = """
            {"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},\
            "serverInfo":{"name":"tiny","version":"1"}}}""";

    private final HttpServer server = server();
    private final Prober prober = new Prober(Executors.newCachedThreadPool());
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    @Test
    void aJsonRpcResultIsHealthy() {
        answer(200, "application/json", RESULT);

        ProbeResult r = probe();
        ProbeResult again = probe();

        assertThat(r.healthy()).as(r.detail()).isTrue();
        assertThat(again.healthy()).as(again.detail()).isTrue();
        assertThat(r.seconds()).isNotNull();
        // The first probe asks the era (2026-07-28's server/discover); a 2025 answer makes the next one initialize.
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).startsWith("POST /mcp").contains("\"method\":\"server/discover\"")
                .contains("accept=application/json, text/event-stream");
        assertThat(requests.get(1)).startsWith("POST /mcp")
                .contains("\"method\":\"initialize\"").contains("\"protocolVersion\":\"2025-11-25\"")
                .contains("accept=application/json, text/event-stream");
    }

    @Test
    void aModernServerIsProbedWithServerDiscoverNeverInitialize() {
        server.createContext("/mcp", exchange -> {
            record(exchange);
            boolean discover = requests.get(requests.size() - 1).contains("server/discover");
            send(exchange, discover ? 200 : 400, "application/json", discover ? """
                    {"jsonrpc":"2.0","id":1,"result":{"resultType":"complete","supportedVersions":["2026-07-28"],\
                    "capabilities":{},"ttlMs":0,"cacheScope":"public"}}""" : """
                    {"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"no initialize in 2026-07-28"}}""");
        });

        ProbeResult first = probe();
        ProbeResult second = probe();

        assertThat(first.healthy()).as(first.detail()).isTrue();
        assertThat(second.healthy()).as(second.detail()).isTrue();
        assertThat(requests).hasSize(2).allSatisfy(r -> assertThat(r).contains("\"method\":\"server/discover\"")
                .contains("io.modelcontextprotocol/protocolVersion"));
    }

    @Test
    void a2025ServerThatRefusesServerDiscoverIsAskedInitializeInTheSameProbe() {
        server.createContext("/mcp", exchange -> {
            record(exchange);
            boolean discover = requests.get(requests.size() - 1).contains("server/discover");
            send(exchange, discover ? 400 : 200, "application/json", discover ? "Bad Request: No valid session ID"
                    : RESULT);
        });

        ProbeResult r = probe();

        assertThat(r.healthy()).as(r.detail()).isTrue();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).contains("\"method\":\"initialize\"");
    }

    @Test
    void aJsonRpcErrorWithOurIdIsHealthyAnMcpServerParsedTheRequest() {
        answer(200, "application/json", """
                {"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}""");

        assertThat(probe().healthy()).isTrue();
    }

    @Test
    void anSseAnswerIsReadUntilTheResponseWhateverComesBeforeItAndEvenIfTheStreamStaysOpen() {
        server.createContext("/mcp", exchange -> {
            record(exchange);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(("id: prime\ndata:\n\n"
                    + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                    + "\"params\":{\"level\":\"info\",\"data\":\"starting\"}}\r\n\r\n"
                    + "event: message\ndata: " + RESULT + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitRelease();
            exchange.close();
        });

        ProbeResult r = probe();

        assertThat(r.healthy()).as(r.detail()).isTrue();
    }

    @Test
    void a404IsUnhealthyAndSaysWhatCameBack() {
        answer(404, "text/html", "<html><body><h1>Not Found</h1></body></html>");

        ProbeResult r = probe();

        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).contains("HTTP 404 from /mcp").contains("text/html").contains("Not Found");
    }

    @Test
    void anHtmlPageAnsweredWith200IsUnhealthy() {
        answer(200, "text/html", "<!doctype html><html><title>Welcome to nginx!</title></html>");

        ProbeResult r = probe();

        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).contains("not a JSON-RPC answer to initialize").contains("Welcome to nginx!");
    }

    @Test
    void garbageAndJsonThatIsNotJsonRpcAreUnhealthy() {
        answer(200, "application/json", "{\"status\":\"UP\"}");
        ProbeResult json = probe();
        server.removeContext("/mcp");
        answer(200, "application/json", "\u0000\u0001 not json at all");
        ProbeResult garbage = probe();

        assertThat(json.healthy()).isFalse();
        assertThat(json.detail()).contains("not a JSON-RPC answer").contains("{\"status\":\"UP\"}");
        assertThat(garbage.healthy()).isFalse();
        assertThat(garbage.detail()).contains("not a JSON-RPC answer");
    }

    @Test
    void anAnswerToSomeoneElsesRequestIsNotOurs() {
        answer(200, "application/json", RESULT.replace("\"id\":1", "\"id\":7"));

        assertThat(probe().healthy()).isFalse();
    }

    @Test
    void anEventStreamThatEndsWithoutAnAnswerIsUnhealthy() {
        answer(200, "text/event-stream", "id: prime\ndata:\n\n");

        ProbeResult r = probe();

        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).contains("ended without an answer to initialize");
    }

    @Test
    void noAnswerWithinTheTimeoutIsUnhealthy() {
        server.createContext("/mcp", exchange -> {
            record(exchange);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().flush();
            awaitRelease();
            exchange.close();
        });

        ProbeResult r = probe(Duration.ofMillis(300));

        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).contains("no answer to server/discover from /mcp within 300 ms");
    }

    @Test
    void theSessionTheProbeOpenedIsEnded() {
        server.createContext("/mcp", exchange -> {
            record(exchange);
            exchange.getResponseHeaders().add("Mcp-Session-Id", "s-42");
            send(exchange, 200, "application/json", "DELETE".equals(exchange.getRequestMethod()) ? "" : RESULT);
        });

        assertThat(probe().healthy()).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() == 2);
        assertThat(requests.get(1)).startsWith("DELETE /mcp").contains("mcp-session-id=s-42");
    }

    @Test
    void theHttpProbeWantsA2xxOr3xxOnItsPath() {
        server.createContext("/health", exchange -> send(exchange, 204, "text/plain", ""));
        answer(404, "text/plain", "no");
        HealthCheck http = check(HealthCheckType.HTTP, "/health");

        assertThat(prober.probe(target(http)).join().healthy()).isTrue();
        assertThat(prober.probe(target(check(HealthCheckType.HTTP, "/mcp"))).join().detail())
                .isEqualTo("HTTP 404 from /mcp");
    }

    @Test
    void theHttpProbeAsksForItsPathAndClosesTheConnection() {
        server.createContext("/health", exchange -> {
            record(exchange);
            send(exchange, 302, "text/plain", "elsewhere");
        });

        ProbeResult r = prober.probe(target(check(HealthCheckType.HTTP, "/health"))).join();

        assertThat(r.healthy()).as(r.detail()).isTrue();
        assertThat(r.seconds()).isNotNull();
        assertThat(requests).singleElement().satisfies(q -> assertThat(q).startsWith("GET /health "));
    }

    @Test
    void theHttpProbeSaysWhenNothingListens() throws IOException {
        int port = McpProbeWireTest.closedPort();

        ProbeResult r = prober.probe(new ProbeTarget("tiny", "c1", "http://127.0.0.1:" + port, "/mcp",
                check(HealthCheckType.HTTP, "/health"), true)).join();

        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).startsWith("cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void anHttpServerThatNeverAnswersIsUnhealthyAtTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProbeResult r = prober.probe(new ProbeTarget("tiny", "c1", "http://127.0.0.1:" + silent.getLocalPort(),
                    "/mcp", check(HealthCheckType.HTTP, "/health", Duration.ofMillis(300)), true)).join();

            assertThat(r.healthy()).isFalse();
            assertThat(r.detail()).isEqualTo("no answer from /health within 300 ms");
        }
    }

    @Test
    void anAnswerThatIsNotHttpIsUnhealthyAndQuoted() throws Exception {
        try (ServerSocket talker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = talker.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the probe's side reports it
                }
            });
            ProbeResult r = prober.probe(new ProbeTarget("tiny", "c1", "http://127.0.0.1:" + talker.getLocalPort(),
                    "/mcp", check(HealthCheckType.HTTP, "/health"), true)).join();

            assertThat(r.healthy()).isFalse();
            assertThat(r.detail()).isEqualTo("not an HTTP answer from /health: SSH-2.0-OpenSSH");
        }
    }

    // ---- helpers ----

    private ProbeResult probe() {
        return probe(Duration.ofSeconds(5));
    }

    private ProbeResult probe(Duration timeout) {
        return prober.probe(target(check(HealthCheckType.MCP, "/health", timeout))).join();
    }

    private ProbeTarget target(HealthCheck check) {
        return new ProbeTarget("tiny", "c1", "http://127.0.0.1:" + server.getAddress().getPort(), "/mcp", check, true);
    }

    private static HealthCheck check(HealthCheckType type, String path) {
        return check(type, path, Duration.ofSeconds(5));
    }

    private static HealthCheck check(HealthCheckType type, String path, Duration timeout) {
        HealthCheck d = HealthCheck.DEFAULT;
        return new HealthCheck(type, path, d.interval(), timeout, d.healthyThreshold(),
                d.unhealthyThreshold(), d.startupInterval(), d.startupTimeout());
    }

    private void answer(int status, String contentType, String body) {
        server.createContext("/mcp", exchange -> {
            record(exchange);
            send(exchange, status, contentType, body);
        });
    }

    private void record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body + " accept="
                + exchange.getRequestHeaders().getFirst("Accept") + " mcp-session-id="
                + exchange.getRequestHeaders().getFirst("Mcp-Session-Id"));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private void awaitRelease() {
        try {
            released.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpServer server() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.setExecutor(Executors.newCachedThreadPool());
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
