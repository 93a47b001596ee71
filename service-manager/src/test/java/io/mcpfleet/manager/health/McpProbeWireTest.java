package io.mcpfleet.manager.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.config.HealthCheck;
import io.mcpfleet.config.HealthCheckType;
import io.mcpfleet.manager.lifecycle.ProbeTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code mcp} probe's reading of the wire, against a raw socket server on 127.0.0.1 that
 * writes each answer byte for byte as scripted (chunks, pauses, broken framing): what the JDK's
 * {@code HttpServer} in {@link ProberTest} cannot be made to send.
 */
class McpProbeWireTest {

    private static final String RESULT = """
            {"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},\
            "serverInfo":{"name":"raw","version":"1"}}}""";

    private final Prober prober = new Prober(Executors.newCachedThreadPool());
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aChunkedJsonAnswerIsReassembled() throws IOException {
        String[] parts = {RESULT.substring(0, 10), RESULT.substring(10, 50), RESULT.substring(50)};
        StringBuilder body = new StringBuilder();
        for (String p : parts) {
            body.append(Integer.toHexString(p.length())).append(";ext=1\r\n").append(p).append("\r\n");
        }
        body.append("0\r\nX-Trailer: yes\r\n\r\n");
        serve("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + body);

        ProbeResult r = probe(Duration.ofSeconds(5));

        assertThat(r.healthy()).as(r.detail()).isTrue();
        assertThat(requests.get(0)).startsWith("POST /mcp HTTP/1.1").contains("Content-Length: ")
                .contains("\"method\":\"server/discover\"");
    }

    @Test
    void anSseAnswerSplitAcrossChunksAndPausesIsFound() throws IOException {
        String events = "id: 1\r\ndata:\r\n\r\nevent: message\r\ndata: " + RESULT + "\r\n\r\n";
        serveSlowly("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk(events.substring(0, 7)) + chunk(events.substring(7, 40)) + chunk(events.substring(40)),
                13, Duration.ofMillis(5), true);

        ProbeResult r = probe(Duration.ofSeconds(5));

        assertThat(r.healthy()).as(r.detail()).isTrue();
    }

    @Test
    void aSlowServerThatAnswersWithinTheTimeoutIsHealthy() throws IOException {
        serveSlowly(json(200, RESULT), 20, Duration.ofMillis(20), false);

        ProbeResult r = probe(Duration.ofSeconds(10));

        assertThat(r.healthy()).as(r.detail()).isTrue();
    }

    @Test
    void aServerTricklingPastTheTimeoutIsUnhealthyAtTheTimeout() throws IOException {
        // Every byte comes in time for a per-read timeout; the whole answer does not for the probe's.
        serveSlowly(json(200, RESULT), 1, Duration.ofMillis(50), false);

        ProbeResult r = probe(Duration.ofMillis(400));

        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).isEqualTo("no answer to server/discover from /mcp within 400 ms");
    }

    @Test
    void anHttpErrorIsQuotedWhateverItsFraming() throws IOException {
        serve("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk("upstream ") + chunk("overloaded") + "0\r\n\r\n");

        ProbeResult r = probe(Duration.ofSeconds(5));

        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).isEqualTo("HTTP 503 from /mcp (text/plain): upstream overloaded");
    }

    @Test
    void anHttpErrorWhoseBodyNeverEndsIsStillReportedByItsStatus() throws IOException {
        serveSlowly("HTTP/1.1 500 Oops\r\nContent-Type: text/html\r\n\r\n<html>broken", 1000, Duration.ZERO, true);

        ProbeResult r = probe(Duration.ofMillis(500));

        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).isEqualTo("HTTP 500 from /mcp (text/html): <html>broken");
    }

    @Test
    void aJsonRpcErrorIsHealthyAndABodyCutShortIsSaid() throws IOException {
        serve(json(200, """
                {"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}"""));
        ProbeResult error = probe(Duration.ofSeconds(5));
        server.close();
        serve("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n" + RESULT);
        ProbeResult cut = probe(Duration.ofSeconds(5));

        assertThat(error.healthy()).as(error.detail()).isTrue();
        assertThat(cut.healthy()).isFalse();
        assertThat(cut.detail()).contains("closed").contains("before the end of the body")
                .contains("from /mcp");
    }

    @Test
    void anAnswerThatIsNotHttpOrClosesAtOnceIsUnhealthyAndSaysSo() throws IOException {
        serve("SSH-2.0-OpenSSH\r\n");
        ProbeResult ssh = probe(Duration.ofSeconds(5));
        server.close();
        serve("");
        ProbeResult closed = probe(Duration.ofSeconds(5));

        assertThat(ssh.detail()).isEqualTo("not an HTTP answer to server/discover from /mcp: SSH-2.0-OpenSSH");
        assertThat(closed.detail()).isEqualTo(
                "the connection closed before an HTTP answer to server/discover from /mcp");
    }

    @Test
    void statusLinesAreReadStrictly() throws IOException {
        assertThat(answerTo("HTTP/1.1 204 No Content\r\n\r\n").detail())
                .isEqualTo("HTTP 204 from /mcp is not a JSON-RPC answer to initialize (no content type)");
        assertThat(answerTo("HTTP/1.0 500\r\nContent-Length: 0\r\n\r\n").detail())
                .isEqualTo("HTTP 500 from /mcp (no content type)");
        for (String line : List.of("HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "ICY 200 OK")) {
            assertThat(answerTo(line + "\r\nContent-Length: 0\r\n\r\n").detail())
                    .isEqualTo("not an HTTP answer to server/discover from /mcp: " + line);
        }
    }

    @Test
    void nothingListeningIsRefusedAndSaysWhere() throws IOException {
        int port = closedPort();

        ProbeResult r = prober.probe(new ProbeTarget("raw", "c1", "http://127.0.0.1:" + port, "/mcp",
                check(Duration.ofSeconds(5)), true)).join();

        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).startsWith("cannot connect to 127.0.0.1:" + port + ": ");
    }

    @Test
    void anAnswerLargerThanTheLimitIsRefused() throws IOException {
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}}";
        serve(json(200, huge));

        ProbeResult r = probe(Duration.ofSeconds(5));

        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).isEqualTo("the answer is larger than 256 KiB from /mcp");
    }

    @Test
    void sseLinesEndInLfCrOrCrLfAndMultiLineDataIsJoined() throws IOException {
        String stream = "data: {\"jsonrpc\":\"2.0\",\r\ndata: \"id\":1,\rdata:\"result\":{}}\n\n";

        String answer = FirstAnswer.read(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), true,
                1024, JsonRpcAnswer::endsTheWait);

        assertThat(answer).isEqualTo("{\"jsonrpc\":\"2.0\",\n\"id\":1,\n\"result\":{}}");
        assertThat(JsonRpcAnswer.judge("/mcp", 200, "text/event-stream", answer)).isNull();
    }

    // ---- helpers ----

    /** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return closed.getLocalPort();
        }
    }

    /** The probe's verdict on a server that answers {@code answer}, served for this probe only. */
    private ProbeResult answerTo(String answer) throws IOException {
        serve(answer);
        try {
            return probe(Duration.ofSeconds(5));
        } finally {
            server.close();
        }
    }

    private ProbeResult probe(Duration timeout) {
        return prober.probe(new ProbeTarget("raw", "c1", "http://127.0.0.1:" + server.getLocalPort(), "/mcp",
                check(timeout), true)).join();
    }

    private static HealthCheck check(Duration timeout) {
        HealthCheck d = HealthCheck.DEFAULT;
        return new HealthCheck(HealthCheckType.MCP, "/health", d.interval(), timeout, d.healthyThreshold(),
                d.unhealthyThreshold(), d.startupInterval(), d.startupTimeout());
    }

    private static String json(int status, String body) {
        return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String chunk(String s) {
        return Integer.toHexString(s.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + s + "\r\n";
    }

    /** Answers every connection with {@code answer} at once, then closes it. */
    private void serve(String answer) throws IOException {
        serveSlowly(answer, Integer.MAX_VALUE, Duration.ZERO, false);
    }

    /**
     * Answers every connection with {@code answer}, {@code step} bytes at a time with a
     * {@code pause} between; {@code holdOpen} keeps the connection open afterwards.
     */
    private void serveSlowly(String answer, int step, Duration pause, boolean holdOpen) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket s = server;
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().start(() -> {
            while (!s.isClosed()) {
                try {
                    Socket c = s.accept();
                    Thread.ofPlatform().daemon().start(() -> answer(c, bytes, step, pause, holdOpen));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void answer(Socket c, byte[] bytes, int step, Duration pause, boolean holdOpen) {
        try (c) {
            requests.add(readRequest(c.getInputStream()));
            OutputStream out = c.getOutputStream();
            for (int i = 0; i < bytes.length; i += step) {
                out.write(bytes, i, Math.min(step, bytes.length - i));
                out.flush();
                if (!pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
            }
            if (holdOpen) {
                Thread.sleep(10_000);
            }
        } catch (IOException | InterruptedException e) {
            // the probe closed its side: it is over
        }
    }

    /** The request's head and its Content-Length body. */
    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return head.toString();
            }
            head.append((char) c);
        }
        int at = head.indexOf("Content-Length: ");
        int length = at < 0 ? 0 : Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)));
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
