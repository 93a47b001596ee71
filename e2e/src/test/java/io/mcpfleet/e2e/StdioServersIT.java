package io.mcpfleet.e2e;

import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Real stdio-only MCP servers nobody here wrote, from their npm packages, run unchanged as
 * {@code transport: stdio} services behind the manager's bridge and the router, with an API token
 * (which the router sends to the bridge, and the bridge requires).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StdioServersIT {

    private static final String TOKEN = "stdio-servers-token";

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().apiToken(TOKEN).services("""
            services:
              everything:
                image: %s
                transport: stdio
              filesystem:
                image: %s
                transport: stdio
                command: ["/workspace"]
              memory:
                image: %s
                transport: stdio
              thinking:
                image: %s
                transport: stdio
            """.formatted(TestImages.stdioEverything(), TestImages.stdioFilesystem(), TestImages.stdioMemory(),
            TestImages.stdioSequentialThinking())).build();

    @Test
    void theEverythingServerInItsStdioModeListsAndEchoes() {
        FLEET.awaitTools("everything__echo", "everything__get-sum");
        McpSyncClient client = FLEET.client();

        CallToolResult echoed = call(client, "everything__echo", Map.of("message", "over a pipe"));
        CallToolResult sum = call(client, "everything__get-sum", Map.of("a", 2, "b", 40));

        assertThat(text(echoed)).contains("over a pipe");
        assertThat(text(sum)).contains("42");
        JsonNode echo = FLEET.tools().get("everything__echo");
        assertThat(echo.path("inputSchema").path("properties").has("message")).as(echo.toString()).isTrue();
    }

    @Test
    void theFilesystemServerWritesAndReadsInItsAllowedDirectory() {
        FLEET.awaitTools("filesystem__write_file", "filesystem__read_text_file");
        McpSyncClient client = FLEET.client();

        CallToolResult written = call(client, "filesystem__write_file",
                Map.of("path", "/workspace/note.txt", "content", "kept by the container"));
        CallToolResult read = call(client, "filesystem__read_text_file", Map.of("path", "/workspace/note.txt"));
        CallToolResult outside = call(client, "filesystem__read_text_file", Map.of("path", "/etc/passwd"));

        assertThat(written.isError()).as(written.toString()).isNotEqualTo(Boolean.TRUE);
        assertThat(text(read)).isEqualTo("kept by the container");
        assertThat(outside.isError()).as("outside its allowed directory: " + outside).isTrue();
    }

    @Test
    void theMemoryServerKeepsItsGraphAcrossSessions() {
        FLEET.awaitTools("memory__create_entities", "memory__read_graph");
        McpSyncClient writer = FLEET.client();
        McpSyncClient reader = FLEET.client();

        call(writer, "memory__create_entities", Map.of("entities", List.of(Map.of("name", "bridge",
                "entityType", "component", "observations", List.of("one process serves every session")))));
        CallToolResult graph = call(reader, "memory__read_graph", Map.of());

        assertThat(text(graph)).contains("bridge").contains("one process serves every session");
    }

    @Test
    void theSequentialThinkingServerThinks() {
        FLEET.awaitTools("thinking__sequentialthinking");
        McpSyncClient client = FLEET.client();

        CallToolResult thought = call(client, "thinking__sequentialthinking", Map.of("thought", "first, a pipe",
                "nextThoughtNeeded", false, "thoughtNumber", 1, "totalThoughts", 1));

        assertThat(thought.isError()).as(thought.toString()).isNotEqualTo(Boolean.TRUE);
        assertThat(text(thought)).contains("thoughtNumber");
    }

    @Test
    void theManagerGivesTheRouterTheBridgeEndpointMarkedAsSuch() {
        FLEET.awaitTools("memory__read_graph");

        List<RoutableInstance> instances = FLEET.managerApi().instances("memory").instances();

        assertThat(instances).singleElement().satisfies(instance -> {
            assertThat(instance.bridge()).isTrue();
            assertThat(instance.endpoint()).isEqualTo("http://localhost:"
                    + URI.create(FLEET.managerUrl()).getPort() + "/bridge/memory/" + instance.id());
        });
    }

    @Test
    void theBridgeRefusesACallerWithoutTheToken() throws Exception {
        FLEET.awaitTools("memory__read_graph");
        String endpoint = FLEET.managerApi().instances("memory").instances().get(0).endpoint();

        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(endpoint + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(RawMcp.initializeBody())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
