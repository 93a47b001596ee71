package io.mcpfleet.router.upstream;

import static io.mcpfleet.router.upstream.Http1ClientTest.chunk;
import static io.mcpfleet.router.upstream.Http1ClientTest.json;
import static io.mcpfleet.router.upstream.ScriptedServer.CLOSE;
import static io.mcpfleet.router.upstream.ScriptedServer.KEEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loop-affine client ({@link LoopExchange}, {@link LoopPool}) against a server that answers scripted bytes. */
class LoopExchangeTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final LoopConnections connections = new LoopConnections(1000, 1 << 20, 30_000);
    private ScriptedServer server;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aJsonBodyIsTakenOnTheLoopAndItsChannelCarriesTheNextRequestAsTheBlockingClientWritesIt() throws Exception {
        server.answer(json("{\"a\":1}"), KEEP);
        server.answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk("{\"b\":") + chunk("2}") + "0\r\n\r\n", KEEP);

        assertThat(takenOnLoop("{\"x\":1}")).isEqualTo("{\"a\":1}");
        assertThat(takenOnLoop("{\"x\":2}")).isEqualTo("{\"b\":2}");

        assertThat(server.accepted.get()).isEqualTo(1);
        assertThat(server.requests.get(0)).isEqualTo(new String(RequestHead.of(url(), "s-1", "2025-11-25")
                .bytes(7), StandardCharsets.ISO_8859_1) + "{\"x\":1}");
        assertThat(channels()).containsExactly(1, 1);
    }

    @Test
    void aBodyTheListenerDoesNotTakeIsReadByAnotherThreadFromItsHead() throws Exception {
        server.answer(json("{\"a\":1}"), KEEP);

        List<Object> items = diverted("{}");

        assertThat(items.get(0)).isEqualTo(new UpstreamExchange.Head(200, false, null));
        assertThat(text(items.get(1))).isEqualTo("{\"a\":1}");
        assertThat(items.get(2)).isSameAs(UpstreamExchange.END);
        assertThat(channels()).containsExactly(1, 1);
    }

    @Test
    void anSseAnswerIsDivertedAndDecodedEventByEvent() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk("data: {\"n\":1}\n\n") + chunk("data: ") + chunk("{\"n\":2}\n\n") + "0\r\n\r\n", KEEP);

        List<Object> items = diverted("{}");

        assertThat(items.get(0)).isEqualTo(new UpstreamExchange.Head(200, true, null));
        assertThat(items.subList(1, 3)).extracting(LoopExchangeTest::text).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(items.get(3)).isSameAs(UpstreamExchange.END);
        assertThat(channels()).containsExactly(1, 1);
    }

    @Test
    void anErrorStatusKeepsAJsonErrorBodyOnlyAndAClosingAnswerIsNotPooled() throws Exception {
        server.answer("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n"
                + "{\"e\":42}\n", KEEP);
        server.answer("HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\n"
                + "oops", CLOSE);

        List<Object> json = diverted("{}");
        List<Object> text = diverted("{}");

        assertThat(json.get(0)).isEqualTo(new UpstreamExchange.Head(400, false, null));
        assertThat(text(json.get(1))).isEqualTo("{\"e\":42}\n");
        assertThat(text).containsExactly(new UpstreamExchange.Head(500, false, null), UpstreamExchange.END);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(channels()).containsExactly(0, 0));
    }

    @Test
    void aBackendThatIsNotListeningIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        LoopExchange exchange = exchange(URI.create("http://127.0.0.1:" + port + "/mcp"), "{}");

        List<Object> items = read(exchange);

        assertThat(items).singleElement().isInstanceOfSatisfying(UpstreamExchange.Failure.class,
                f -> assertThat(f.cause()).isInstanceOf(ConnectException.class));
    }

    @Test
    void anAnswerPastTheDeadlineIsATimeoutAndItsChannelIsClosed() throws Exception {
        LoopExchange exchange = exchange(url(), "{}");
        CompletableFuture<Boolean> divertedOn = new CompletableFuture<>();
        loop.execute(() -> exchange.start(System.nanoTime() + SECOND / 5, listener(divertedOn)));

        assertThat(divertedOn.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(exchange.next(System.nanoTime() + SECOND / 5)).isSameAs(UpstreamExchange.TIMEOUT);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(channels()).containsExactly(0, 0));
        server.answer(json("{}"), KEEP); // the script's reader lets go
    }

    @Test
    void anAbortStopsTheReaderAndClosesTheChannel() throws Exception {
        LoopExchange exchange = exchange(url(), "{}");
        CompletableFuture<Boolean> divertedOn = new CompletableFuture<>();
        loop.execute(() -> exchange.start(System.nanoTime() + 10 * SECOND, listener(divertedOn)));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests.size() == 1);

        exchange.abort();

        assertThat(divertedOn.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(exchange.next(System.nanoTime() + SECOND)).isSameAs(UpstreamExchange.ABORTED);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(channels()).containsExactly(0, 0));
        server.answer(json("{}"), KEEP);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + "/mcp");
    }

    private LoopExchange exchange(URI url, String body) {
        return connections.exchange(loop, RequestHead.of(url, "s-1", "2025-11-25"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs an exchange whose listener takes the body; returns it. */
    private String takenOnLoop(String body) throws Exception {
        CompletableFuture<String> taken = new CompletableFuture<>();
        LoopExchange exchange = exchange(url(), body);
        loop.execute(() -> exchange.start(System.nanoTime() + 5 * SECOND, new LoopExchange.Listener() {
            @Override
            public boolean answered(byte[] json) {
                taken.complete(loop.inEventLoop() ? new String(json, StandardCharsets.UTF_8) : "not on the loop");
                return true;
            }

            @Override
            public void diverted() {
                taken.complete("diverted");
            }
        }));
        return taken.get(5, TimeUnit.SECONDS);
    }

    /** Runs an exchange whose listener takes nothing on the loop; returns the items another thread reads. */
    private List<Object> diverted(String body) throws Exception {
        return read(exchange(url(), body));
    }

    private List<Object> read(LoopExchange exchange) throws Exception {
        CompletableFuture<Boolean> divertedOn = new CompletableFuture<>();
        loop.execute(() -> exchange.start(System.nanoTime() + 5 * SECOND, listener(divertedOn)));
        assertThat(divertedOn.get(5, TimeUnit.SECONDS)).isTrue();
        List<Object> items = new ArrayList<>();
        while (true) {
            Object item = exchange.next(System.nanoTime() + 5 * SECOND);
            items.add(item);
            if (item == UpstreamExchange.END || item instanceof UpstreamExchange.Failure
                    || item == UpstreamExchange.TIMEOUT || item == UpstreamExchange.ABORTED) {
                return items;
            }
        }
    }

    /** A listener that takes nothing and says whether it was told of the hand-over on the loop. */
    private LoopExchange.Listener listener(CompletableFuture<Boolean> divertedOn) {
        return new LoopExchange.Listener() {
            @Override
            public boolean answered(byte[] json) {
                return false;
            }

            @Override
            public void diverted() {
                divertedOn.complete(loop.inEventLoop());
            }
        };
    }

    private int[] channels() throws Exception {
        return loop.submit(() -> connections.counts(loop)).get();
    }

    private static String text(Object item) {
        return new String(((UpstreamExchange.Message) item).json(), StandardCharsets.UTF_8);
    }
}
