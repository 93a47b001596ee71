package io.mcpfleet.e2e;

import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.modern.McpSchema.Implementation;
import io.modelcontextprotocol.modern.McpSchema.ResourceReference;
import io.modelcontextprotocol.modern.McpSchema.TextContent;
import io.modelcontextprotocol.modern.McpSchema.TextResourceContents;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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
 * (which the router sends to the bridge, and the bridge requires). Among them a modern one: a
 * stdio server on the TypeScript SDK 2.x ({@link TestImages#stdioTsModern()}, MCP 2026-07-28 only),
 * which 2026-07-28 and 2025 clients both use through the router and the bridge.
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
              tsmodern:
                image: %s
                transport: stdio
            """.formatted(TestImages.stdioEverything(), TestImages.stdioFilesystem(), TestImages.stdioMemory(),
            TestImages.stdioSequentialThinking(), TestImages.stdioTsModern())).build();

    /** A Java SDK 2.2.0 client of MCP 2026-07-28 (no initialize, no session) of the router. */
    private static io.modelcontextprotocol.modern.client.McpSyncClient modernClient() {
        return io.modelcontextprotocol.modern.client.McpClient.sync(
                        HttpClientMcpTransport.builder(FLEET.mcpUrl()).build())
                .clientInfo(Implementation.builder("java-sdk-modern", "2.2.0").build()).build();
    }

    /** Every page of the router's prompts / resources / templates for a 2025 session, until {@code wanted} is in. */
    private static void awaitPrimitives(McpSyncClient client) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                McpSchema.ListPromptsResult page = client.listPrompts(cursor);
                page.prompts().forEach(p -> seen.add(p.name()));
                cursor = page.nextCursor();
            } while (cursor != null);
            do {
                McpSchema.ListResourcesResult page = client.listResources(cursor);
                page.resources().forEach(r -> seen.add(r.uri()));
                cursor = page.nextCursor();
            } while (cursor != null);
            do {
                McpSchema.ListResourceTemplatesResult page = client.listResourceTemplates(cursor);
                page.resourceTemplates().forEach(t -> seen.add(t.uriTemplate()));
                cursor = page.nextCursor();
            } while (cursor != null);
            return seen.containsAll(List.of("tsmodern__greet", "ts://notes", "ts://items/{item}"));
        });
    }

    @Test
    void aModernClientCallsGetsAndReadsFromTheTypeScriptSdksModernStdioServer() {
        FLEET.awaitTools("tsmodern__echo");
        var client = modernClient();

        var called = client.tool("tsmodern__echo").arguments(Map.of("text", "new to new")).call();
        var prompt = client.prompt("tsmodern__greet").arguments(Map.of("name", "Ada")).get();
        var notes = client.resource("ts://notes").read();
        var item = client.resource("ts://items/42").read();
        var completed = client.completion(new ResourceReference("ts://items/{item}"), "item", "ap").complete();

        assertThat(called.isError()).as(called.toString()).isNotEqualTo(Boolean.TRUE);
        // The server names the client of the request's _meta: the router passed the modern client's own.
        assertThat(((TextContent) called.content().get(0)).text()).isEqualTo("new to new from java-sdk-modern");
        assertThat(((TextContent) prompt.messages().get(0).content()).text())
                .isEqualTo("Hello, Ada, from TypeScript");
        assertThat(((TextResourceContents) notes.contents().get(0)).text()).isEqualTo("notes from TypeScript");
        assertThat(((TextResourceContents) item.contents().get(0)).text()).isEqualTo("item 42 from TypeScript");
        assertThat(completed.completion().values()).containsExactly("apple", "apricot");
    }

    /**
     * The TypeScript server's {@code ask} answers {@code input_required} (no requestState): the
     * modern client's own rounds, and for a 2025 client the router's (an elicitation on the call's
     * stream, then the retry); a 2025 client that declared no elicitation gets the SDK's own error.
     */
    @Test
    void theTypeScriptServersInputRoundsReachClientsOfBothEras() {
        FLEET.awaitTools("tsmodern__ask");
        McpSyncClient asked = FLEET.client(spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("answer", "blue for " + request.message()))));

        var modern = modernClient().tool("tsmodern__ask").arguments(Map.of("question", "colour?"))
                .formElicitation(request -> io.modelcontextprotocol.modern.McpSchema.ElicitResult.accept(
                        Map.of("answer", "green")))
                .call();
        CallToolResult old = call(asked, "tsmodern__ask", Map.of("question", "shape?"));
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> call(FLEET.client(), "tsmodern__ask", Map.of("question", "size?")));

        assertThat(((TextContent) modern.content().get(0)).text()).isEqualTo("heard green");
        assertThat(text(old)).isEqualTo("heard blue for shape?");
        assertThat(refused).as("the SDK's own error, relayed").isInstanceOf(io.modelcontextprotocol.spec.McpError.class)
                .hasMessageContaining("elicitation");
    }

    @Test
    void a2025ClientCallsGetsReadsAndCompletesFromTheTypeScriptSdksModernStdioServer() {
        FLEET.awaitTools("tsmodern__echo");
        McpSyncClient client = FLEET.client();
        awaitPrimitives(client);

        CallToolResult called = call(client, "tsmodern__echo", Map.of("text", "old to new"));
        McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("tsmodern__greet",
                Map.of("name", "Grace")));
        McpSchema.ReadResourceResult notes = client.readResource(new McpSchema.ReadResourceRequest("ts://notes"));
        McpSchema.ReadResourceResult item = client.readResource(new McpSchema.ReadResourceRequest("ts://items/7"));
        McpSchema.CompleteResult name = client.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("tsmodern__greet"), new McpSchema.CompleteRequest.CompleteArgument("name", "a")));

        assertThat(text(called)).startsWith("old to new from ");
        assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text())
                .isEqualTo("Hello, Grace, from TypeScript");
        assertThat(((McpSchema.TextResourceContents) notes.contents().get(0)).text()).isEqualTo("notes from TypeScript");
        assertThat(((McpSchema.TextResourceContents) item.contents().get(0)).text()).isEqualTo("item 7 from TypeScript");
        assertThat(name.completion().values()).containsExactly("alice");
    }

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
