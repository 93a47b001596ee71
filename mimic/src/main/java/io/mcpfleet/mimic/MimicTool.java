package io.mcpfleet.mimic;

import java.util.function.Function;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * One tool the mimic offers: its MCP definition and what a call does.
 *
 * @param definition  name, schemas and annotations, as {@code tools/list} shows them
 * @param usesSession the tool sends the client something before its result (notifications or
 *                    requests), so it needs a session and an SSE answer; left out when stateless
 * @param handler     the call; throw {@link io.modelcontextprotocol.spec.McpError} for a JSON-RPC error
 */
record MimicTool(Tool definition, boolean usesSession, Function<ToolCall, CallToolResult> handler) {

    String name() {
        return definition.name();
    }

    CallToolResult call(ToolCall call) {
        return handler.apply(call);
    }

    /** The same tool, each call first counted. */
    MimicTool countedBy(CallCounter counter) {
        return new MimicTool(definition, usesSession, call -> {
            counter.record(name());
            return handler.apply(call);
        });
    }
}
