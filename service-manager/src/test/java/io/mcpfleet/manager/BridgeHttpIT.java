package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.JarProcess;
import io.mcpfleet.testsupport.TestImages;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bridge's HTTP side in a real manager, to a stdio server in a real container: the session
 * exchange, and every malformed request answered with a 4xx and a JSON-RPC error that says what is
 * wrong, never a 500.
 */
class BridgeHttpIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"echo\",\"arguments\":{\"text\":\"piped\"}}}";

    private static ManagerUnderTest manager;
    private static String path;

    @BeforeAll
    static void start() {
        manager = new ManagerUnderTest("""
                services:
                  echo:
                    image: %s
                    transport: stdio
                    auto_start: true
                    stdio: {max_message_size: 4KiB, max_buffered: 64KiB}
                """.formatted(TestImages.stdioEcho()),
                // A port of its own, not 0: the bridge advertises the port it was given, and an
                // auto-started instance is seen before the server listens on a random one.
                Map.of("server.port", Integer.toString(JarProcess.freePort())));
        await().atMost(Duration.ofSeconds(60)).until(() -> manager.get("/services/echo/instances").body()
                .contains("/bridge/echo/"));
        JsonNode instance = JSON.readTree(manager.get("/services/echo/instances").body()).path("instances").get(0);
        assertThat(instance.path("bridge").asBoolean()).isTrue();
        assertThat(instance.path("endpoint").asString()).isEqualTo("http://localhost:" + manager.port + "/bridge/echo/"
                + instance.path("id").asString());
        path = URI.create(instance.path("endpoint").asString()).getPath() + "/mcp";
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static HttpResponse<String> post(String body, String... headers) {
        HttpRequest.Builder b = manager.request(path).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return ManagerUnderTest.send(b.build());
    }

    private static String session() {
        HttpResponse<String> init = post(INITIALIZE);
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        return init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private static void assertRefused(HttpResponse<String> response, int status, int code, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(code);
        assertThat(error.path("message").asString()).contains(message);
    }

    @Test
    void aSessionInitializesCallsAndEnds() {
        HttpResponse<String> init = post(INITIALIZE);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

        HttpResponse<String> called = post(CALL, "Mcp-Session-Id", session);
        HttpResponse<String> note = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "Mcp-Session-Id", session);
        HttpResponse<String> deleted = ManagerUnderTest.send(manager.request(path).header("Mcp-Session-Id", session)
                .DELETE().build());
        HttpResponse<String> after = post(CALL, "Mcp-Session-Id", session);

        assertThat(JSON.readTree(init.body()).path("result").path("serverInfo").path("name").asString())
                .isEqualTo("stdio-echo");
        assertThat(called.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(JSON.readTree(called.body()).path("result").path("content").get(0).path("text").asString())
                .isEqualTo("piped");
        assertThat(note.statusCode()).isEqualTo(202);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertRefused(after, 404, -32600, "session not found");
    }

    @Test
    void aGetOpensTheSessionsEventStream() throws Exception {
        String session = session();

        HttpResponse<InputStream> stream = ManagerUnderTest.HTTP.send(manager.request(path)
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", session).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        stream.body().close();
    }

    @Test
    void aRequestWithoutASessionIsA400AndAnUnknownOneA404() {
        assertRefused(post(CALL), 400, -32600, "Mcp-Session-Id header is required");
        assertRefused(post(CALL, "Mcp-Session-Id", "no-such-session"), 404, -32600, "session not found");
    }

    @Test
    void malformedBodiesAreRefusedWithWhatIsWrong() {
        String session = session();

        assertRefused(post("{\"jsonrpc\":", "Mcp-Session-Id", session), 400, -32700, "not a JSON object");
        assertRefused(post("[" + CALL + "]", "Mcp-Session-Id", session), 400, -32600, "batches are not supported");
        assertRefused(post("{\"jsonrpc\":\"2.0\",\"id\":{}}", "Mcp-Session-Id", session), 400, -32600,
                "not a JSON-RPC 2.0");
        assertRefused(post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"text\":\""
                + "x".repeat(5000) + "\"}}", "Mcp-Session-Id", session), 413, -32600, "stdio.max_message_size");
        assertRefused(post(CALL, "Mcp-Session-Id", session, "Content-Type", "text/plain"), 415, -32600,
                "must be application/json");
        assertRefused(post(CALL, "Mcp-Session-Id", session, "Accept", "text/html"), 406, -32600, "Accept");
    }

    @Test
    void unknownInstancesAndPathsAre404() {
        HttpResponse<String> unknown = ManagerUnderTest.send(manager.request("/bridge/echo/deadbeef/mcp")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
                .build());
        HttpResponse<String> wrongPath = ManagerUnderTest.send(manager.request("/bridge/echo").GET().build());

        assertRefused(unknown, 404, -32600, "has no running stdio instance");
        assertRefused(wrongPath, 404, -32600, "/bridge/<service>/<container id>/mcp");
    }

    @Test
    void aGetThatDoesNotAcceptAnEventStreamIs406() {
        String session = session();

        HttpResponse<String> response = ManagerUnderTest.send(manager.request(path).header("Accept", "application/json")
                .header("Mcp-Session-Id", session).GET().build());

        assertRefused(response, 406, -32600, "text/event-stream");
    }

    @Test
    void aClientThatAcceptsOnlyAnEventStreamGetsItsAnswerAsOne() {
        String session = session();

        HttpResponse<String> response = post(CALL, "Mcp-Session-Id", session, "Accept", "text/event-stream");

        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(response.body()).startsWith("event: message\ndata: {").contains("\"text\":\"piped\"");
        assertThat(new String(response.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .endsWith("\n\n");
    }
}
