package io.mcpfleet.e2e;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Map;

/** {@code tools/call} through an MCP SDK client, as the tests write it. */
public final class ToolCalls {

    private ToolCalls() {
    }

    public static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
    }

    /** The text of a result's first content item. */
    public static String text(CallToolResult result) {
        if (result.content().isEmpty() || !(result.content().get(0) instanceof TextContent text)) {
            throw new AssertionError("expected a text result, got " + result);
        }
        return text.text();
    }
}
