package io.mcpfleet.mimic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawModernMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;

/** A 2026-07-28 mimic: server/discover, no initialize, the SDK's modern client served. */
class ModernTest {

    static RunningMimic mimic;

    @BeforeAll
    static void start() {
        mimic = Mimic.start(MimicOptions.defaults().withId("now").withModern(true));
    }

    @AfterAll
    static void stop() {
        mimic.close();
    }

    @Test
    void theModernClientDiscoversListsAndCalls() {
        McpSyncClient client = McpClient.sync(HttpClientMcpTransport.builder(mimic.mcpUrl()).build()).build();

        McpSchema.DiscoverResult discovered = client.discover();
        McpSchema.ListToolsResult tools = client.tools().list();
        McpSchema.CallToolResult echoed = client.tool("echo").arguments(Map.of("text", "modern")).call();

        assertThat(discovered.supportedVersions()).containsExactly("2026-07-28");
        assertThat(tools.tools()).extracting(McpSchema.Tool::name).contains("echo", "whoami")
                .doesNotContain("elicit", "progress");
        assertThat(((McpSchema.TextContent) echoed.content().get(0)).text()).isEqualTo("modern");
    }

    @Test
    void initializeIsRefusedWithA4xx() {
        RawResponse refused = RawMcp.to(mimic.mcpUrl()).post(RawMcp.initializeBody());

        assertThat(refused.status() / 100).isEqualTo(4);
    }

    @Test
    void aRawModernCallIsAnsweredWithResultType() {
        RawResponse r = RawModernMcp.to(RawMcp.to(mimic.mcpUrl())).call("echo", "{\"text\":\"raw\"}");

        assertThat(r.text()).isEqualTo("raw");
        assertThat(r.answer().path("result").path("resultType").asString()).isEqualTo("complete");
    }
}
