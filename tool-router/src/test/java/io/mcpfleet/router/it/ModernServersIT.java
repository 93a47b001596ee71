package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawModernMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Services that speak only MCP 2026-07-28 ({@link TestFleet}'s {@code nova} and {@code novel}:
 * mimics on the Java SDK 2.2.0 modern server) behind the router: the router finds their era and
 * speaks it, to 2025 clients and modern ones alike. (Prompts, templates and completions of a modern
 * server for both eras: e2e StdioServersIT, against the TypeScript SDK 2.x stdio server.)
 */
class ModernServersIT extends RouterTestBase {

    private static final String ELICITS = "{\"elicitation\":{\"form\":{}}}";

    @org.junit.jupiter.api.BeforeEach
    void learned() {
        awaitTools("nova__ask", "novel__ask", "nova__echo", "novel__echo");
    }

    @Test
    void aModernServersProtocolErrorReachesTheClientAsItsAnswer() {

        // A requestState the server never issued: it answers HTTP 400 with a JSON-RPC error, relayed as the answer.
        RawResponse refused = RawModernMcp.to(RawMcp.to(mcpUrl())).withCapabilities(ELICITS).request("tools/call",
                "\"name\":\"nova__ask\",\"arguments\":{},\"inputResponses\":{\"answer\":{\"action\":\"decline\"}},"
                + "\"requestState\":\"forged\"", "nova__ask");

        assertThat(refused.answer().path("error").path("code").asInt()).as(refused.toString()).isEqualTo(-32602);
        assertThat(refused.answer().path("error").path("message").asString()).contains("requestState");
    }

    @Test
    void aModernServicesToolsAreLearnedAndListed() {
        var client = client();

        var names = new java.util.ArrayList<String>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = client.listTools(cursor);
            page.tools().forEach(t -> names.add(t.name()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(names).contains("nova__echo", "novel__echo");
    }

    @Test
    void a2025ClientCallsAModernServer() {
        var client = client();

        McpSchema.CallToolResult stateful = call(client, "nova__echo", Map.of("text", "old to new"));
        McpSchema.CallToolResult stateless = call(client, "novel__whoami", Map.of());

        assertThat(text(stateful)).isEqualTo("old to new");
        assertThat(text(stateless)).contains("novel-1");
    }

    @Test
    void aModernClientCallsAModernServer() {
        RawResponse raw = RawModernMcp.to(RawMcp.to(mcpUrl())).call("nova__echo", "{\"text\":\"new to new\"}");
        var sdk = McpClient.sync(HttpClientMcpTransport.builder(mcpUrl()).build()).build();

        var answered = sdk.tool("novel__echo").arguments(Map.of("text", "sdk to new")).call();

        assertThat(raw.text()).isEqualTo("new to new");
        assertThat(raw.answer().path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(((io.modelcontextprotocol.modern.McpSchema.TextContent) answered.content().get(0)).text())
                .isEqualTo("sdk to new");
    }

    @Test
    void a2025ClientListsAndReadsAModernServersResources() {
        var client = client();

        var uris = new java.util.ArrayList<String>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
            uris.clear();
            String cursor = null;
            do {
                McpSchema.ListResourcesResult page = client.listResources(cursor);
                page.resources().forEach(r -> uris.add(r.uri()));
                cursor = page.nextCursor();
            } while (cursor != null);
            return uris.containsAll(java.util.List.of("mimic://nova/notes", "mimic://novel/notes"));
        });
        McpSchema.ReadResourceResult stateful = client.readResource(new McpSchema.ReadResourceRequest("mimic://nova/notes"));
        McpSchema.ReadResourceResult stateless = client.readResource(
                new McpSchema.ReadResourceRequest("mimic://novel/notes"));
        Throwable unknown = org.assertj.core.api.Assertions.catchThrowable(
                () -> client.readResource(new McpSchema.ReadResourceRequest("mimic://nova/nothing")));

        assertThat(((McpSchema.TextResourceContents) stateful.contents().get(0)).text()).startsWith("notes from nova-");
        assertThat(((McpSchema.TextResourceContents) stateless.contents().get(0)).text()).isEqualTo("notes from novel-1");
        assertThat(unknown).as("a JSON-RPC error, not a hang").isInstanceOf(io.modelcontextprotocol.spec.McpError.class);
    }

    @Test
    void aToolErrorOfAModernServerReachesA2025Client() {
        var client = client();

        McpSchema.CallToolResult failed = call(client, "nova__fail", Map.of("message", "broken on purpose"));

        assertThat(failed.isError()).isTrue();
    }

    @Test
    void anInputRequiredResultReachesTheClientUnchangedAndItsRetryGoesBackToTheInstanceThatAsked() {
        RawModernMcp modern = RawModernMcp.to(RawMcp.to(mcpUrl())).withCapabilities(ELICITS);

        for (int round = 0; round < 6; round++) {
            RawResponse asked = modern.call("nova__ask", "{\"question\":\"colour?\"}");
            var result = asked.answer().path("result");
            String retry = "\"name\":\"nova__ask\",\"arguments\":{\"question\":\"colour?\"},\"inputResponses\":"
                    + "{\"answer\":{\"action\":\"accept\",\"content\":{\"answer\":\"blue\"}}},\"requestState\":"
                    + JSON.valueToTree(result.path("requestState").asString());

            RawResponse answered = modern.request("tools/call", retry, "nova__ask");

            assertThat(result.path("resultType").asString()).isEqualTo("input_required");
            assertThat(result.path("inputRequests").path("answer").isObject()).isTrue();
            assertThat(result.has("ttlMs")).isFalse();
            // The mimic serves a retry only on the instance that asked (another says whose state it is).
            assertThat(answered.text()).as("round " + round).startsWith("nova-").contains(" heard ").contains("blue");
        }
    }

    @Test
    void aRequestStateReplayedToAnotherServiceIsRefused() {
        RawModernMcp modern = RawModernMcp.to(RawMcp.to(mcpUrl())).withCapabilities(ELICITS);
        String state = modern.call("nova__ask", "{\"question\":\"q\"}").answer().path("result").path("requestState")
                .asString();

        RawResponse replayed = modern.request("tools/call", "\"name\":\"novel__ask\",\"arguments\":{},"
                + "\"inputResponses\":{\"answer\":{\"action\":\"decline\"}},\"requestState\":" + JSON.valueToTree(state),
                "novel__ask");

        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.answer().path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(replayed.answer().path("error").path("message").asString()).contains("issued by service nova");
    }

    @Test
    void theJavaSdkModernClientAnswersAnElicitationThroughTheRouter() {
        var sdk = McpClient.sync(HttpClientMcpTransport.builder(mcpUrl()).build()).build();

        var answered = sdk.tool("nova__ask").arguments(Map.of("question", "name?"))
                .formElicitation(request -> io.modelcontextprotocol.modern.McpSchema.ElicitResult.accept(
                        Map.of("answer", "green")))
                .call();

        assertThat(((io.modelcontextprotocol.modern.McpSchema.TextContent) answered.content().get(0)).text())
                .contains("heard").contains("green");
    }
}
