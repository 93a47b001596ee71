package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.JarProcess;
import io.mcpfleet.testsupport.TestImages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bridge's HTTP side speaks the era of its stdio server, in a real manager with real
 * containers: {@code neo} runs stdio-echo in {@code MODE=modern} (MCP 2026-07-28 only: our own
 * small server; the TypeScript SDK 2.x stdio server is not used here), {@code echo} the same
 * script as a 2025 server. A modern server gets sessionless requests passed through, and is
 * healthy without initialize or ping; a 2025 server's bridge answers a modern request with
 * {@code -32022}, which a client's era probe (the router's) reads as a 2025 server.
 */
class BridgeErasIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODERN = "2026-07-28";
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + MODERN + "\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":"
            + "{\"name\":\"eras-it\",\"version\":\"1\"}}";
    private static final String DISCOVER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{"
            + META + "}}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"echo\",\"arguments\":{\"text\":\"piped\"}," + META + "}}";

    private static ManagerUnderTest manager;

    @BeforeAll
    static void start() {
        manager = new ManagerUnderTest("""
                services:
                  neo:
                    image: %1$s
                    transport: stdio
                    auto_start: true
                    environment: {MODE: modern}
                  echo:
                    image: %1$s
                    transport: stdio
                    auto_start: true
                """.formatted(TestImages.stdioEcho()),
                Map.of("server.port", Integer.toString(JarProcess.freePort())));
        await().atMost(Duration.ofSeconds(90)).until(() -> manager.get("/services/neo/instances").body()
                .contains("/bridge/neo/") && manager.get("/services/echo/instances").body().contains("/bridge/echo/"));
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static String path(String service) {
        JsonNode instance = JSON.readTree(manager.get("/services/" + service + "/instances").body()).path("instances")
                .get(0);
        return URI.create(instance.path("endpoint").asString()).getPath() + "/mcp";
    }

    private static HttpResponse<String> post(String service, String body, String method) {
        HttpRequest.Builder b = manager.request(path(service)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", MODERN)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (method != null) {
            b.header("Mcp-Method", method);
        }
        return ManagerUnderTest.send(b.build());
    }

    private static JsonNode answer(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    @Test
    void aModernStdioServerIsHealthyAndAnswersDiscoverAndCallsWithoutASession() {
        HttpResponse<String> discovered = post("neo", DISCOVER, "server/discover");
        HttpResponse<String> called = post("neo", CALL, "tools/call");

        assertThat(discovered.statusCode()).as(discovered.body()).isEqualTo(200);
        assertThat(discovered.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(answer(discovered).path("result").path("supportedVersions").toString()).contains(MODERN);
        assertThat(answer(called).path("id").asInt()).isEqualTo(2);
        // The request's own _meta reached the server: it names the client.
        assertThat(answer(called).path("result").path("content").get(0).path("text").asString())
                .isEqualTo("piped from eras-it");
        assertThat(answer(called).path("result").path("resultType").asString()).isEqualTo("complete");
    }

    @Test
    void aModernRequestWhoseMcpMethodDisagreesOrIsMissingIsA400HeaderMismatch() {
        HttpResponse<String> wrong = post("neo", CALL, "tools/list");
        HttpResponse<String> missing = post("neo", CALL, null);

        for (HttpResponse<String> r : java.util.List.of(wrong, missing)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(answer(r).path("error").path("code").asInt()).isEqualTo(-32020);
            assertThat(answer(r).path("error").path("message").asString()).contains("Mcp-Method");
        }
    }

    @Test
    void a2025StdioServersBridgeRefusesAModernRequestWithTheVersionsItSpeaks() {
        HttpResponse<String> refused = post("echo", DISCOVER, "server/discover");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(answer(refused).path("error").path("code").asInt()).isEqualTo(-32022);
        assertThat(answer(refused).path("error").path("data").path("supported").toString()).contains("2025-11-25");
    }

    @Test
    void a2025InitializeOfAModernStdioServerSaysItSpeaksOnly2026() {
        HttpResponse<String> init = ManagerUnderTest.send(manager.request(path("neo"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":"
                        + "{\"name\":\"it\",\"version\":\"1\"}}}")).build());

        assertThat(init.statusCode()).as(init.body()).isEqualTo(503);
        assertThat(answer(init).path("error").path("message").asString()).contains(MODERN);
    }
}
