package io.mcpfleet.router.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router's HTTP/1.1 client for backend POSTs, against a server that answers scripted bytes. */
class Http1ClientTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private ScriptedServer server;
    private Http1Pool pool;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
        pool = new Http1Pool(1000, 30_000);
    }

    @AfterEach
    void stop() throws IOException {
        pool.close();
        server.close();
    }

    @Test
    void aContentLengthBodyIsReadAndTheConnectionCarriesTheNextCall() {
        server.answer(json("{\"a\":1}"), KEEP);
        server.answer(json("{\"b\":2}"), KEEP);

        List<Object> first = exchange("{\"x\":1}");
        List<Object> second = exchange("{\"x\":2}");

        assertThat(text(first)).isEqualTo("{\"a\":1}");
        assertThat(text(second)).isEqualTo("{\"b\":2}");
        assertThat(server.accepted.get()).isEqualTo(1);
        assertThat(server.requests.get(0)).startsWith("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port())
                .contains("Content-Length: 7\r\n").contains("Mcp-Session-Id: s-1\r\n").endsWith("{\"x\":1}");
    }

    @Test
    void aChunkedStreamWithExtensionsAndTrailersGivesEachEventAndEnds() {
        server.answer("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk("data: {\"n\":1}\n\n") + chunk("data: ") + chunk("{\"n\":2}\n\n")
                + "0\r\nX-Trailer: t\r\n\r\n", KEEP);
        server.answer(json("{}"), KEEP);

        List<Object> items = exchange("{}");
        exchange("{}");

        assertThat(items.get(0)).isEqualTo(new UpstreamExchange.Head(200, true, null));
        assertThat(items).filteredOn(UpstreamExchange.Message.class::isInstance)
                .extracting(m -> new String(((UpstreamExchange.Message) m).json(), StandardCharsets.UTF_8))
                .containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(items.get(items.size() - 1)).isSameAs(UpstreamExchange.END);
        assertThat(server.accepted.get()).isEqualTo(1);
    }

    @Test
    void aBodyEndedByClosingTheConnectionIsReadAndANewConnectionFollows() {
        server.answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"c\":3}", CLOSE);
        server.answer(json("{}"), KEEP);

        List<Object> items = exchange("{}");
        exchange("{}");

        assertThat(text(items)).isEqualTo("{\"c\":3}");
        assertThat(server.accepted.get()).isEqualTo(2);
    }

    @Test
    void anInterimResponseIsSkipped() {
        server.answer("HTTP/1.1 100 Continue\r\n\r\n" + json("{\"d\":4}"), KEEP);

        assertThat(text(exchange("{}"))).isEqualTo("{\"d\":4}");
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsNotReused() {
        server.answer(json("{}"), CLOSE_SILENTLY);
        server.answer(json("{\"e\":5}"), KEEP);
        exchange("{}");
        await().until(() -> server.closed.get() == 1);

        List<Object> second = exchange("{}");

        assertThat(text(second)).isEqualTo("{\"e\":5}");
        assertThat(server.accepted.get()).isEqualTo(2);
    }

    @Test
    void anErrorAnswerIsAHeadAndItsBodyOnlyWhenThatIsAJsonObject() {
        // A 2026-07-28 server's 4xx carries a JSON-RPC error a relay passes on; other error bodies are dropped.
        server.answer("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
                + "{\"error\":1}\n", KEEP);
        server.answer("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\n"
                + "not found", KEEP);

        List<Object> json = exchange("{}");
        List<Object> text = exchange("{}");

        assertThat(json).hasSize(3);
        assertThat(json.get(0)).isEqualTo(new UpstreamExchange.Head(404, false, null));
        assertThat(new String(((UpstreamExchange.Message) json.get(1)).json(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":1}\n");
        assertThat(json.get(2)).isEqualTo(UpstreamExchange.END);
        assertThat(text).containsExactly(new UpstreamExchange.Head(404, false, null), UpstreamExchange.END);
    }

    @Test
    void theSessionIdOfTheAnswerIsReadAndAGarbledOneRefused() {
        server.answer("HTTP/1.1 200 OK\r\nmcp-session-id:  abc-1 \r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}", KEEP);
        server.answer("HTTP/1.1 200 OK\r\nMcp-Session-Id: a b\r\nContent-Length: 2\r\n\r\n{}", KEEP);

        List<Object> good = exchange("{}");
        List<Object> bad = exchange("{}");

        assertThat(good.get(0)).isEqualTo(new UpstreamExchange.Head(200, false, "abc-1"));
        assertThat(bad.get(0)).isInstanceOf(UpstreamExchange.Failure.class);
    }

    @Test
    void aResponseThatDoesNotComeInTimeIsATimeout() {
        Http1Exchange exchange = new Http1Exchange(pool, endpoint(), head(2), "{}".getBytes(StandardCharsets.UTF_8),
                1 << 20);

        Object item = exchange.next(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));

        assertThat(item).isSameAs(UpstreamExchange.TIMEOUT);
    }

    @Test
    void anAbortFromAnotherThreadEndsAWaitingRead() throws Exception {
        Http1Exchange exchange = new Http1Exchange(pool, endpoint(), head(2), "{}".getBytes(StandardCharsets.UTF_8),
                1 << 20);
        Thread aborter = new Thread(() -> {
            await().until(() -> !server.requests.isEmpty());
            exchange.abort();
        });
        aborter.start();

        Object item = exchange.next(System.nanoTime() + 10 * SECOND);
        aborter.join();

        assertThat(item).isSameAs(UpstreamExchange.ABORTED);
    }

    @Test
    void nobodyListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RequestHead head = RequestHead.of(URI.create("http://127.0.0.1:" + port + "/mcp"), null, null);
        Http1Exchange exchange = new Http1Exchange(pool, head.endpoint(), head.bytes(2),
                "{}".getBytes(StandardCharsets.UTF_8), 1 << 20);

        Object item = exchange.next(System.nanoTime() + SECOND);

        assertThat(item).isInstanceOf(UpstreamExchange.Failure.class);
        assertThat(UpstreamClient.endOf(item, new io.mcpfleet.router.discovery.InstanceRef("i-1",
                URI.create("http://127.0.0.1:" + port + "/mcp")), "tools/call").kind())
                .isEqualTo(UpstreamException.Kind.UNREACHABLE);
    }

    // ---- helpers ----

    private static final int KEEP = ScriptedServer.KEEP;
    private static final int CLOSE = ScriptedServer.CLOSE;
    private static final int CLOSE_SILENTLY = 2;

    private List<Object> exchange(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Http1Exchange exchange = new Http1Exchange(pool, endpoint(), head(bytes.length), bytes, 1 << 20);
        List<Object> items = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + 5 * SECOND;
        while (true) {
            Object item = exchange.next(deadline);
            items.add(item);
            if (item == UpstreamExchange.END || item instanceof UpstreamExchange.Failure
                    || item == UpstreamExchange.TIMEOUT || item == UpstreamExchange.ABORTED) {
                return items;
            }
        }
    }

    private Http1Endpoint endpoint() {
        return Http1Endpoint.of(url());
    }

    private byte[] head(int length) {
        return RequestHead.of(url(), "s-1", "2025-11-25").bytes(length);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + "/mcp");
    }

    private static String text(List<Object> items) {
        return items.stream().filter(UpstreamExchange.Message.class::isInstance)
                .map(m -> new String(((UpstreamExchange.Message) m).json(), StandardCharsets.UTF_8))
                .findFirst().orElse(null);
    }

    static String chunk(String data) {
        return Integer.toHexString(data.length()) + ";ext=1\r\n" + data + "\r\n";
    }

    static String json(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body;
    }
}
