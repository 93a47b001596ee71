package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingIT extends RouterTestBase {

    @Test
    void listsAndCallsToolsOfSeveralServicesUnderPrefixedNames() {
        McpSyncClient client = client();

        McpSchema.ListToolsResult first = client.listTools();
        McpSchema.CallToolResult alpha = call(client, "alpha__echo", Map.of("text", "hi"));
        McpSchema.CallToolResult beta = call(client, "beta__echo", Map.of("text", "ho"));
        McpSchema.CallToolResult gamma = call(client, "gamma__echo", Map.of("text", "ha"));

        assertThat(first.tools()).extracting(McpSchema.Tool::name).contains("alpha__echo");
        assertThat(text(alpha)).isEqualTo("hi");
        assertThat(text(beta)).isEqualTo("ho");
        assertThat(text(gamma)).isEqualTo("ha");
    }
}
