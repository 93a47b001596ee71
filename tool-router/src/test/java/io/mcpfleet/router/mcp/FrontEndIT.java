package io.mcpfleet.router.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.it.RouterTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The Netty front end on the router's public port (the default {@code router.front-end}): POST
 * /mcp of a 2025 session on the event loop's fast lane, everything else streamed to the servlet
 * path, over raw keep-alive connections so that ordering, streaming and hang-ups are seen as a
 * client sees them.
 */
class FrontEndIT extends RouterTestBase {

    private static final String PROGRESS = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"alpha__progress\",\"arguments\":{\"steps\":%d,\"ms\":%d},\"_meta\":{\"progressToken\":\"t\"}}}";
    private static final String ECHO = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"alpha__echo\",\"arguments\":{\"text\":\"through the loop\"}}}";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}";

    @Autowired
    private SessionRegistry sessions;
    @Autowired
    private WebServerApplicationContext context;

    @Test
    void theFrontOwnsThePublicPortAndTomcatListensOnLoopbackBehindIt() {
        assertThat(context.getWebServer().getClass().getSimpleName()).isEqualTo("FrontedWebServer");
        assertThat(context.getWebServer().getPort()).isEqualTo(port);
    }

    @Test
    void oneConnectionAnswersRelayedAndFastLaneRequestsInTheOrderTheyCame() {
        String session = rawSession("2025-11-25");
        try (Wire wire = new Wire(port)) {
            // Written at once (pipelined): each answer must still be the one of its request.
            wire.write(Wire.request("GET", "/actuator/health", null),
                    Wire.mcpPost(session, ECHO),
                    Wire.request("GET", "/actuator/health", null),
                    Wire.mcpPost(session, PING),
                    Wire.mcpPost("no-such-session", PING),
                    Wire.request("GET", "/actuator/info", null));

            Wire.Answer health = wire.answer();
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            Wire.Answer echo = wire.answer();
            assertThat(echo.status()).isEqualTo(200);
            assertThat(echo.body()).contains("\"id\":7").contains("through the loop");
            assertThat(wire.answer().body()).contains("\"status\":\"UP\"");
            assertThat(wire.answer().body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{}}");
            Wire.Answer unknown = wire.answer();
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body()).contains("\"id\":8").contains("unknown or expired session");
            assertThat(wire.answer().status()).isEqualTo(200);
        }
    }

    @Test
    void aFastLaneReplyStreamsEachMessageAsItComes() {
        String session = rawSession("2025-11-25");
        try (Wire wire = new Wire(port)) {
            wire.write(Wire.mcpPost(session, PROGRESS.formatted(1, 2, 300)));

            Wire.Head head = wire.head();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers().get("content-type")).startsWith("text/event-stream");
            assertThat(wire.chunk()).contains("notifications/progress").contains("step 1 of 2");
            assertThat(wire.chunk()).contains("step 2 of 2");
            assertThat(wire.chunk()).contains("\"id\":1").contains("\"result\"");
            assertThat(wire.chunk()).isNull();
            // the connection carries on
            assertThat(wire.write(Wire.mcpPost(session, PING)).answer().status()).isEqualTo(200);
        }
    }

    @Test
    void aRelayedStreamIsFlushedChunkByChunk() {
        // A batch (2025-03-26 only) is the servlet path's: its SSE reply comes through the relay.
        String session = rawSession("2025-03-26");
        try (Wire wire = new Wire(port)) {
            wire.write(Wire.mcpPost(session, "[" + PROGRESS.formatted(3, 3, 200) + "]",
                    "MCP-Protocol-Version: 2025-03-26"));

            Wire.Head head = wire.head();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers().get("content-type")).startsWith("text/event-stream");
            StringBuilder stream = new StringBuilder();
            String first = null;
            for (String chunk = wire.chunk(); chunk != null; chunk = wire.chunk()) {
                first = first == null ? chunk : first;
                stream.append(chunk);
            }
            // Each message came as it was sent, not the whole stream at its end.
            assertThat(first).contains("step 1 of 3").doesNotContain("step 2 of 3");
            assertThat(stream.toString()).contains("step 3 of 3").contains("\"result\"");
            assertThat(wire.write(Wire.request("GET", "/actuator/health", null)).answer().status()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatHangsUpEndsItsStreamOnTheServletPath() {
        String id = rawSession("2025-11-25");
        ClientSession session = sessions.find(id);
        Wire wire = new Wire(port);
        wire.write(Wire.request("GET", "/mcp", null, "Accept: text/event-stream", "Mcp-Session-Id: " + id));
        assertThat(wire.head().status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> session.stream() != null);

        wire.close();

        // The servlet sees the client gone when it next writes (as with a client on Tomcat itself).
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            sessions.toolsChanged();
            return session.stream() == null;
        });
    }

    @Test
    void theActuatorIsOnThePublicPort() {
        try (Wire wire = new Wire(port)) {
            Wire.Answer prometheus = wire.write(Wire.request("GET", "/actuator/prometheus", null)).answer();
            assertThat(prometheus.status()).isEqualTo(200);
            assertThat(prometheus.body()).contains("fleet_router");
            assertThat(wire.write(Wire.request("GET", "/actuator/health/readiness", null)).answer().body())
                    .contains("UP");
        }
    }

    /** The fast lane's refusals: the servlet path's statuses, each with a JSON-RPC error body. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Accept: text/html                   | 406 | -32600",
            "Content-Type: text/plain            | 415 | -32600",
            "MCP-Protocol-Version: 1999-01-01    | 400 | -32600",
            "Origin: http://evil.com             | 403 | -32600",
            "X-Body: {not json                   | 400 | -32700",
            "X-Body: {\"jsonrpc\":\"1.0\",\"id\":3}  | 400 | -32600",
            "X-Session: none                     | 400 | -32600",
            "X-Session: unknown                  | 404 | -32600",
    })
    void theFastLaneRefusesAsTheServletPathDoes(String header, int status, int code) {
        String session = rawSession("2025-11-25");
        String body = header.startsWith("X-Body: ") ? header.substring(8) : PING;
        List<String> headers = new ArrayList<>(List.of("Accept: application/json, text/event-stream",
                "Content-Type: application/json", "Mcp-Session-Id: " + session));
        if (header.equals("X-Session: none")) {
            headers.remove(2);
        } else if (header.equals("X-Session: unknown")) {
            headers.set(2, "Mcp-Session-Id: unknown");
        } else if (!header.startsWith("X-")) {
            String name = header.substring(0, header.indexOf(':') + 1);
            headers.removeIf(h -> h.startsWith(name));
            headers.add(header);
        }
        String request = Wire.request("POST", "/mcp", body, headers.toArray(String[]::new));
        try (Wire wire = new Wire(port)) {
            Wire.Answer answer = wire.write(request).answer();
            assertThat(answer.status()).as(answer.body()).isEqualTo(status);
            JsonNode error = JSON.readTree(answer.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(code);
            assertThat(error.path("message").asString()).isNotBlank();
            // a refusal does not end the connection
            assertThat(wire.write(Wire.request("GET", "/actuator/health", null)).answer().status()).isEqualTo(200);
        }
    }
}
