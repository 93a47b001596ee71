package io.mcpfleet.bench.floors;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each floor relays a call to a real local backend over HTTP and returns its answer byte for byte:
 * the body both ways, the status, Content-Type and Mcp-Session-Id, over keep-alive connections and
 * concurrent calls (so the pooled upstream connections are reused and several are open at once).
 */
class FloorRelayTest {

    private static HttpServer backend;
    private static final ConcurrentLinkedQueue<Seen> SEEN = new ConcurrentLinkedQueue<>();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Seen(String path, String sessionId, String protocolVersion, String accept, byte[] body) {
    }

    @BeforeAll
    static void backend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        backend.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            SEEN.add(new Seen(exchange.getRequestURI().getPath(), h.getFirst("Mcp-Session-Id"),
                    h.getFirst("MCP-Protocol-Version"), h.getFirst("Accept"), body));
            int status = exchange.getRequestURI().getPath().equals("/gone") ? 404 : 200;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Mcp-Session-Id", "s-" + h.getFirst("Mcp-Session-Id"));
            exchange.getResponseHeaders().set("X-Not-Relayed", "1");
            byte[] answer = ("{\"echo\":" + new String(body, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        backend.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        backend.start();
    }

    @AfterAll
    static void stop() {
        backend.stop(0);
    }

    static Stream<Arguments> floors() {
        return Stream.of(
                Arguments.of(Floors.Kind.TOMCAT, NettyTransport.NIO),
                Arguments.of(Floors.Kind.NETTY_VT, NettyTransport.NIO),
                Arguments.of(Floors.Kind.NETTY_VT, NettyTransport.EPOLL),
                Arguments.of(Floors.Kind.NETTY, NettyTransport.NIO),
                Arguments.of(Floors.Kind.NETTY, NettyTransport.EPOLL));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("floors")
    void relaysCallsAndAnswersByteForByte(Floors.Kind kind, NettyTransport transport) throws Exception {
        try (Floor floor = Floors.start(kind, transport, 0, backend.getAddress())) {
            URI base = URI.create("http://127.0.0.1:" + floor.port());
            assertThat(CLIENT.send(HttpRequest.newBuilder(base.resolve(Floor.READINESS)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            List<CompletableFuture<Void>> calls = IntStream.range(0, 40).mapToObj(i -> {
                String sessionId = kind + "-" + transport + "-" + i;
                byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"params\":{\"text\":\"h\u00e9llo " + "x".repeat(i * 97) + "\"}}")
                        .getBytes(StandardCharsets.UTF_8);
                HttpRequest request = HttpRequest.newBuilder(base.resolve("/mcp"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .header("Mcp-Session-Id", sessionId)
                        .header("MCP-Protocol-Version", "2025-11-25")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenAccept(response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
                    assertThat(response.headers().firstValue("Mcp-Session-Id")).contains("s-" + sessionId);
                    assertThat(response.headers().firstValue("X-Not-Relayed")).isEmpty();
                    byte[] expected = ("{\"echo\":" + new String(body, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
                    assertThat(response.body()).isEqualTo(expected);
                    assertThat(SEEN).anySatisfy(seen -> {
                        assertThat(seen.sessionId()).isEqualTo(sessionId);
                        assertThat(seen.path()).isEqualTo("/mcp");
                        assertThat(seen.protocolVersion()).isEqualTo("2025-11-25");
                        assertThat(seen.accept()).isEqualTo("application/json, text/event-stream");
                        assertThat(seen.body()).isEqualTo(body);
                    });
                });
            }).toList();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

            HttpResponse<String> gone = CLIENT.send(HttpRequest.newBuilder(base.resolve("/gone"))
                    .header("Mcp-Session-Id", "g").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(gone.body()).isEqualTo("{\"echo\":{}}");
        }
    }
}
