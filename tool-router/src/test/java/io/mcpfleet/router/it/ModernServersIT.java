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
 * speaks it, to 2025 clients and modern ones alike.
 */
class ModernServersIT extends RouterTestBase {

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
    void aToolErrorOfAModernServerReachesA2025Client() {
        var client = client();

        McpSchema.CallToolResult failed = call(client, "nova__fail", Map.of("message", "broken on purpose"));

        assertThat(failed.isError()).isTrue();
    }
}
