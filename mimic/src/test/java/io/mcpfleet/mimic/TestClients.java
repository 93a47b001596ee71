package io.mcpfleet.mimic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

/** MCP SDK clients connected to a mimic over real HTTP, and small readers of their answers. */
final class TestClients {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TestClients() {
    }

    static McpSyncClient connect(RunningMimic mimic) {
        return connect(mimic, spec -> spec);
    }

    /** An initialized client; the customizer adds handlers and capabilities. */
    static McpSyncClient connect(RunningMimic mimic, UnaryOperator<McpClient.SyncSpec> customizer) {
        return connect(mimic, List.of(), customizer);
    }

    /** An initialized client offering only these protocol versions (empty: the SDK's). */
    static McpSyncClient connect(RunningMimic mimic, List<String> protocolVersions,
                                 UnaryOperator<McpClient.SyncSpec> customizer) {
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport
                .builder(mimic.baseUrl())
                .endpoint(mimic.mcpUrl().substring(mimic.baseUrl().length()));
        if (!protocolVersions.isEmpty()) {
            transport.supportedProtocolVersions(protocolVersions);
        }
        McpSyncClient client = customizer.apply(McpClient.sync(transport.build()).requestTimeout(TIMEOUT)).build();
        client.initialize();
        return client;
    }

    static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
    }

    static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    static String callText(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return text(call(client, tool, arguments));
    }
}
